import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../temporal/test-temporal.ts';

const WORKER_CHILD_MAIN = fileURLToPath(new URL('./worker-child-main.ts', import.meta.url));

/** Where the child's first activity to get there stops (until killed): see worker-child-main.ts. */
export type WorkerChildHold = 'task-executor' | 'first-variant';

/** What the child prints once an activity holds. */
export const HELD_MARKER = 'kyros-test: activity held';

/** The product's worker in a child process of the test, to be killed mid-activity. */
export interface WorkerChild {
  /** Resolves once an activity of the child has reached its `hold` and stopped there. */
  held(): Promise<void>;
  /** Sends SIGKILL and resolves with the signal the process died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

/**
 * Runs `use` while a worker child process serves `env` (a stack's `workerEnv()`). A failure
 * carries the worker's output; the child is killed however `use` ends.
 */
export async function withWorkerChild(
  env: Record<string, string>,
  hold: WorkerChildHold,
  use: (worker: WorkerChild) => Promise<void>,
): Promise<void> {
  const args = ['--import', 'tsx', WORKER_CHILD_MAIN, `--hold=${hold}`];
  const child = spawn(process.execPath, args, {
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
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (output.includes(HELD_MARKER)) resolve();
    });
    child.once('exit', () => reject(new Error('the worker child exited before any activity held')));
  });
  held.catch(() => undefined);
  try {
    await use({
      held: () => held,
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
