import {
  ActivityCancellationType,
  proxyActivities,
  proxyLocalActivities,
  type RetryPolicy,
} from '@temporalio/workflow';
import { refusals, type FailureType } from '@kyros/contracts/failures';
import type { createActivities } from '@kyros/activities/activities';
import type { LeaseRequest, TaskLease } from '@kyros/activities/task-run/task-run-types';
import { applicationFailureIn } from './task-workflow-failures.ts';

// The task workflow's activity proxies and their options (docs/adr/0006).

export type Activities = ReturnType<typeof createActivities>;

/** A busy resource: the local try gives up on it at once and the visible wait takes over. */
const LEASE_BUSY: FailureType = 'LeaseBusy';

// Collab API calls: quick, idempotent; 5xx and network errors retried, 4xx refusals are not.
const COLLAB_STEP_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '5 seconds' },
} as const;
export const collabActivities = proxyActivities<Activities>(COLLAB_STEP_OPTIONS);
// The same calls run in the worker that runs the workflow: no round trip through the server's
// task queue per call, their results recorded as markers in the workflow task that made them.
export const collabLocalActivities = proxyLocalActivities<Activities>(COLLAB_STEP_OPTIONS);

const EXECUTOR_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '10 seconds',
  maximumAttempts: 4,
  nonRetryableErrorTypes: refusals('ExecutorInputError', 'LeaseLost'),
};

// The executor: heartbeats carry progress and renew the lease, so a dead worker is noticed
// within the heartbeat timeout and another worker retries. Bad input and a lost lease are final.
export const executor = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  // The lease is released only after the executor has really stopped writing.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: EXECUTOR_RETRY,
});

// A short, bounded executor run (one named file) in the worker that runs the workflow: no trip
// through the server's task queue and no second workflow task. No heartbeats (a local activity
// has none; such a run ends before its first beat anyway): a dead worker is noticed by the
// workflow task's timeout and the next worker runs it again; the lease is still renewed inside.
export const executorInWorker = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: EXECUTOR_RETRY,
});

/**
 * Busy (409) is retried with backoff until the wait deadline; any other refusal is final. A normal
 * activity, so a wait for someone else's lease shows as a pending activity with its attempts.
 */
export function acquireLeaseWaiting(request: LeaseRequest, waitMs: number): Promise<TaskLease> {
  const { acquireTaskLease } = proxyActivities<Activities>({
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: Math.max(waitMs, 1000),
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
  });
  return acquireTaskLease(request);
}

// One quick try in the worker; transient errors are retried here, a busy resource is not.
const { acquireTaskLease: tryAcquireTaskLease } = proxyLocalActivities<Activities>({
  ...COLLAB_STEP_OPTIONS,
  retry: { ...COLLAB_STEP_OPTIONS.retry, nonRetryableErrorTypes: [LEASE_BUSY] },
});

/** A free resource costs no server round trip; a busy one falls back to the visible wait. */
export async function acquireLeaseLocallyFirst(
  request: LeaseRequest,
  waitMs: number,
): Promise<TaskLease> {
  const deadline = Date.now() + waitMs;
  try {
    return await tryAcquireTaskLease(request);
  } catch (error) {
    if (applicationFailureIn(error)?.type !== LEASE_BUSY) throw error;
    // Workflow time is deterministic: the remaining wait replays identically.
    return acquireLeaseWaiting(request, deadline - Date.now());
  }
}
