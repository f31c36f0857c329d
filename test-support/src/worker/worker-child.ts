import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../temporal/test-temporal.ts';

const WORKER_CHILD_MAIN = fileURLToPath(new URL('./worker-child-main.ts', import.meta.url));

/** The product's worker in a child process of the test, to be killed mid-activity. */
export interface WorkerChild {
  /** Sends SIGKILL and resolves with the signal the process died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

/**
 * Runs `use` while a worker child process serves `env` (a stack's `workerEnv()`). A failure
 * carries the worker's output; the child is killed however `use` ends.
 */
export async function withWorkerChild(
  env: Record<string, string>,
  use: (worker: WorkerChild) => Promise<void>,
): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_CHILD_MAIN], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  try {
    await use({
      kill: () => {
        child.kill('SIGKILL');
        return exited;
      },
    });
  } catch (error) {
    throw new Error(`${String(error)}\nworker output:\n${output}`, { cause: error });
  } finally {
    child.kill('SIGKILL');
  }
}
