import { ApplicationFailure } from '@temporalio/activity';
import type { ErrorReporter } from '@kyros/contracts/error-reporting';
import type { Activities } from './create-worker.ts';

/**
 * Every activity, reporting what it throws to the error reporter before Temporal records it:
 * business failures (`ApplicationFailure`, e.g. bad executor input) are outcomes, not faults, and
 * are not reported.
 */
export function reportActivityErrors(reporter: ErrorReporter) {
  return (activities: Activities): Activities => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, activity] of Object.entries(activities)) {
      const run = activity as (...args: unknown[]) => Promise<unknown>;
      wrapped[name] = async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (error) {
          if (!(error instanceof ApplicationFailure)) reporter.capture(error, { route: name });
          throw error;
        }
      };
    }
    return wrapped as Activities;
  };
}
