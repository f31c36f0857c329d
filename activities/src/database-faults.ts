import { ApplicationFailure, Context } from '@temporalio/activity';
import { isTransientDatabaseError } from '@kyros/contracts/database-faults';
import { failure, jitteredRetryDelayMs } from '@kyros/contracts/failures';

type Activity = (...args: never[]) => Promise<unknown>;

/**
 * The same activities, except that a transient database fault (a lost connection, a shutdown, a
 * deadlock, a timeout) leaves them as a retryable `DatabaseUnavailable` failure with its cause,
 * and a jittered next retry within the activity's retry policy. Refusals and every other error
 * pass unchanged.
 */
export function retryingDatabaseFaults<A extends Record<string, Activity>>(activities: A): A {
  const wrapped: Record<string, Activity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw asDatabaseFailure(error);
      }
    };
  }
  // Same keys, same signatures: only the errors they throw changed.
  return wrapped as A;
}

/** A transient database fault as `DatabaseUnavailable`; anything else unchanged. */
export function asDatabaseFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure || !isTransientDatabaseError(error)) return error;
  const { attempt, retryPolicy } = Context.current().info;
  return failure('DatabaseUnavailable', `Transient database fault: ${lastLine(error)}`, {
    ...(error instanceof Error ? { cause: error } : {}),
    nextRetryDelay: jitteredRetryDelayMs(retryPolicy, attempt, Math.random),
  });
}

/** Prisma's messages start with the call site; the driver's words are on the last line. */
function lastLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? message;
}
