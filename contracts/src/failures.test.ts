import { ApplicationFailure, type RetryPolicy } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  collabApiFailure,
  failure,
  FAILURE_TYPES,
  isFailureOfType,
  jitteredRetryDelayMs,
  refusals,
  type FailureType,
} from './failures.ts';

describe('failure types', () => {
  it('a refusal is non-retryable, whoever raises it', () => {
    const refused = failure('IllegalJobTransition', 'Job j cannot move from done to generating');
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: 'IllegalJobTransition', nonRetryable: true });
  });

  it('a missing job row is retried, not final: the workflow starts only after it commits', () => {
    expect(failure('JobNotFound', 'Job j does not exist')).toMatchObject({
      type: 'JobNotFound',
      nonRetryable: false,
    });
  });

  it('a transient failure carries its cause and next retry delay; a refusal drops the delay', () => {
    const cause = new Error('terminating connection due to administrator command');
    const transient = failure('DatabaseUnavailable', cause.message, {
      cause,
      nextRetryDelay: 750,
    });
    expect(transient.cause).toBe(cause);
    expect(transient.nextRetryDelay).toBe(750);
    expect(failure('NoDatabase', 'no database', { nextRetryDelay: 750 }).nextRetryDelay).toBe(
      undefined,
    );
  });

  it('only the types a lost row, a busy lease, a database fault or an unreachable reply target or subscriber can cause are retryable', () => {
    const retryable = (Object.keys(FAILURE_TYPES) as FailureType[]).filter(
      (type) => FAILURE_TYPES[type] === 'transient',
    );
    expect(retryable.sort()).toEqual([
      'DatabaseUnavailable',
      'ExecutorTransientError',
      'JobNotFound',
      'LeaseBusy',
      'ScheduleNotFound',
      'SlackReplyUnavailable',
      'VariantNotFound',
      'WebhookDeliveryFailed',
    ]);
    expect(refusals('NoDatabase', 'LeaseLost')).toEqual(['NoDatabase', 'LeaseLost']);
  });

  it('a collaboration API 4xx is final except 408, 425 and 429', () => {
    expect(collabApiFailure(412, 'stale')).toMatchObject({
      type: 'CollabApi412',
      nonRetryable: true,
    });
    for (const status of [408, 425, 429]) {
      expect(collabApiFailure(status, 'later').nonRetryable).toBe(false);
    }
  });

  it('recognises a failure by type', () => {
    expect(isFailureOfType(failure('LeaseBusy', 'held'), 'LeaseBusy')).toBe(true);
    expect(isFailureOfType(failure('LeaseBusy', 'held'), 'LeaseLost')).toBe(false);
    expect(isFailureOfType(new Error('LeaseBusy'), 'LeaseBusy')).toBe(false);
  });

  it("jitters the retry policy's backoff between half and all of it", () => {
    const policy: RetryPolicy = {
      initialInterval: '500 ms',
      backoffCoefficient: 2,
      maximumInterval: '10 s',
    };
    expect(jitteredRetryDelayMs(policy, 1, () => 0)).toBe(250);
    expect(jitteredRetryDelayMs(policy, 1, () => 1)).toBe(500);
    expect(jitteredRetryDelayMs(policy, 3, () => 0.5)).toBe(1_500);
    // Capped at the maximum interval, however many attempts failed.
    expect(jitteredRetryDelayMs(policy, 30, () => 1)).toBe(10_000);
    expect(jitteredRetryDelayMs({ initialInterval: 1_000 }, 2, () => 1)).toBe(2_000);
    expect(jitteredRetryDelayMs(undefined, 1, () => 0)).toBe(500);
  });
});
