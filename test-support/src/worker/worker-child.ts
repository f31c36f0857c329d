import { fileURLToPath } from 'node:url';
import { startTsChild } from '@kyros/scripts/ts-child-process';

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
  const child = startTsChild({
    name: 'the worker child',
    entry: WORKER_CHILD_MAIN,
    args: [`--hold=${hold}`],
    env: { PATH: process.env.PATH, ...env },
  });
  try {
    await use({
      held: () => child.waitForOutput(HELD_MARKER, 600_000),
      kill: async () => (await child.kill('SIGKILL')).signal,
    });
  } catch (error) {
    throw new Error(`${String(error)}\nworker output:\n${child.output()}`, { cause: error });
  } finally {
    await child.kill('SIGKILL');
  }
}
