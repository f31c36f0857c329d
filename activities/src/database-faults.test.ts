import pg from 'pg';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { failure } from '@kyros/contracts/failures';
import { retryingDatabaseFaults } from './database-faults.ts';

function terminated(): pg.DatabaseError {
  const error = new pg.DatabaseError(
    'terminating connection due to administrator command',
    0,
    'error',
  );
  error.code = '57P01';
  error.severity = 'FATAL';
  return error;
}

/** Runs one wrapped activity that throws `thrown`, as attempt 3 of a 500 ms × 2 policy. */
async function failureOf(thrown: Error): Promise<unknown> {
  const activities = retryingDatabaseFaults({
    readJob: (_jobId: string): Promise<never> => Promise.reject(thrown),
  });
  const env = new MockActivityEnvironment(
    {
      attempt: 3,
      retryPolicy: { initialInterval: 500, backoffCoefficient: 2, maximumInterval: 10_000 },
    },
    // The SDK warns "Activity failed" for every attempt; these failures are the point.
    { logger: new DefaultLogger('ERROR') },
  );
  return env.run(activities.readJob, 'job-1').catch((error: unknown) => error);
}

describe('retryingDatabaseFaults', () => {
  it('turns a terminated connection into a retryable DatabaseUnavailable with a jittered delay', async () => {
    const cause = terminated();
    const error = await failureOf(cause);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      type: 'DatabaseUnavailable',
      nonRetryable: false,
      message: 'Transient database fault: terminating connection due to administrator command',
    });
    expect((error as ApplicationFailure).cause).toBe(cause);
    // Attempt 3 of 500 ms × 2 backs off 2 s; equal jitter keeps it between 1 s and 2 s.
    const delay = (error as ApplicationFailure).nextRetryDelay;
    expect(delay).toBeGreaterThanOrEqual(1_000);
    expect(delay).toBeLessThanOrEqual(2_000);
  });

  it('passes refusals and other errors through unchanged', async () => {
    const refusal = failure('IllegalJobTransition', 'Job j cannot move from done to generating');
    expect(await failureOf(refusal)).toBe(refusal);
    const bug = new TypeError('cannot read properties of undefined');
    expect(await failureOf(bug)).toBe(bug);
  });

  it('returns what the activity returns', async () => {
    const activities = retryingDatabaseFaults({ echo: (value: number) => Promise.resolve(value) });
    expect(await new MockActivityEnvironment().run(activities.echo, 7)).toBe(7);
  });
});
