import { Context } from '@temporalio/activity';
import { failure } from '@kyros/contracts/failures';
import type { Activities } from '@kyros/activities/create-worker';

type RunTaskExecutor = Activities['runTaskExecutor'];

/**
 * Failure injection for task-run tests, the SDK's way: the test worker registers the real
 * activities with `runTaskExecutor` wrapped, and each test arms the faults its next attempts
 * meet. Armed faults are taken one attempt at a time, in the worker's own process.
 */
export interface ExecutorFaults {
  /** The next `count` attempts fail with a retryable `ExecutorTransientError`. */
  transient(count: number): void;
  /** The next `count` attempts fail with a non-retryable `ExecutorInputError`. */
  input(count: number): void;
  /**
   * The next attempt heartbeats (`test-hold`) without running the executor until it is
   * cancelled or its worker dies; resolves once an attempt has taken the hold.
   */
  hold(): Promise<void>;
  /** The activities with `runTaskExecutor` wrapped (for `createKyrosWorker`'s `wrapActivities`). */
  wrap: (activities: Activities) => Activities;
}

const HOLD_BEAT_MS = 100;

export function executorFaults(): ExecutorFaults {
  let transient = 0;
  let input = 0;
  let pendingHold: (() => void) | undefined;

  const wrapped =
    (run: RunTaskExecutor): RunTaskExecutor =>
    async (request) => {
      const { name } = request.executor;
      if (transient > 0) {
        transient -= 1;
        throw failure('ExecutorTransientError', `injected transient failure of ${name}`);
      }
      if (input > 0) {
        input -= 1;
        throw failure('ExecutorInputError', `injected bad-input failure of ${name}`);
      }
      const taken = pendingHold;
      if (taken) {
        pendingHold = undefined;
        taken();
        await holdUntilCancelled(name);
      }
      return run(request);
    };

  return {
    transient: (count) => (transient = count),
    input: (count) => (input = count),
    hold: () => new Promise<void>((resolve) => (pendingHold = resolve)),
    wrap: (activities) => ({
      ...activities,
      runTaskExecutor: wrapped((request) => activities.runTaskExecutor(request)),
    }),
  };
}

/** Beats like a running executor until Temporal cancels the attempt (`sleep` then rejects). */
export async function holdUntilCancelled(executor: string): Promise<never> {
  const context = Context.current();
  for (let done = 0; ; done += 1) {
    context.heartbeat({ phase: 'test-hold', done, message: `${executor} held for a test` });
    await context.sleep(HOLD_BEAT_MS);
  }
}
