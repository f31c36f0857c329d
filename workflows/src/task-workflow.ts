import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type { ExecutorResult } from '@kyros/contracts/schemas/executors';
import { refusals, type FailureType } from '@kyros/contracts/failures';
import type { createActivities } from '@kyros/activities/activities';
import type { CollabStep, CollabStepsProgress, TaskLease } from '@kyros/activities/task-activities';
import {
  approveSignal,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
  type TaskWorkflowOutcome,
  type TaskWorkflowProgress,
} from './task-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

/** Patch id: the lease release's one event comes from the store, with the workflow's ids. */
const LEASE_RELEASED_BY_STORE = 'lease-released-by-store';

/** A busy resource: the local try gives up on it at once and the visible wait takes over. */
const LEASE_BUSY: FailureType = 'LeaseBusy';
/**
 * Patch id: the collab API calls run as local activities (docs/adr/0006). Histories recorded
 * before it scheduled each call as a normal activity, and replay on that path.
 */
const COLLAB_STEPS_LOCAL = 'collab-steps-local';

// Collab API calls: quick, idempotent; 5xx and network errors retried, 4xx refusals are not.
const COLLAB_STEP_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '5 seconds' },
} as const;
const collabActivities = proxyActivities<Activities>(COLLAB_STEP_OPTIONS);
// The same calls run in the worker that runs the workflow: no round trip through the server's
// task queue per call, their results recorded as markers in the workflow task that made them.
const collabLocalActivities = proxyLocalActivities<Activities>(COLLAB_STEP_OPTIONS);

// The executor: heartbeats carry progress and renew the lease, so a dead worker is noticed
// within the heartbeat timeout and another worker retries. Bad input and a lost lease are final.
const executor = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  // The lease is released only after the executor has really stopped writing.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 4,
    nonRetryableErrorTypes: refusals('ExecutorInputError', 'LeaseLost'),
  },
});

/**
 * Runs one task's executor under a file lease: lease → claimed → in_progress → executor →
 * review (or back to queued with the failure recorded); the lease is released in a `finally`
 * that also runs when the workflow is cancelled.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowOutcome> {
  const { taskId } = input;
  const { workflowId, runId } = workflowInfo();
  const actor = `workflow:${taskWorkflowId(taskId)}`;
  const ids = { workflow_id: workflowId, run_id: runId };
  const progress: TaskWorkflowProgress = { taskId, phase: 'acquiring_lease' };
  let approvedBy: string | undefined;
  setHandler(progressQuery, () => progress);
  setHandler(approveSignal, ({ actor: human }) => {
    approvedBy = human;
  });

  // Decided once, before the first command, so a whole run stays on one path.
  const collabStepsLocal = patched(COLLAB_STEPS_LOCAL);
  const collab = collabStepsLocal ? collabLocalActivities : collabActivities;
  const emit = (event: string, details: Record<string, unknown> = {}) =>
    collab.emitTaskEvent({ event, actor, taskId, details: { ...details, ...ids } });

  const plan = await collab.loadTaskPlan(taskId);
  const ttlSeconds = input.leaseTtlSeconds ?? 60;
  const leaseWaitMs = (input.leaseWaitSeconds ?? 600) * 1000;
  const leaseRequest = { taskId, resource: plan.resource, holder: actor, ttlSeconds };
  const acquireLease = collabStepsLocal
    ? () => acquireLeaseLocallyFirst(leaseRequest, leaseWaitMs)
    : () => acquireLeaseWaiting(leaseRequest, leaseWaitMs);
  let lease: TaskLease | undefined;
  let result: ExecutorResult | undefined;
  let status: TaskStatus = 'queued';
  const moveTo = async (to: TaskStatus, reason?: string) => {
    await collab.transitionTaskStatus({
      taskId,
      to,
      actor,
      ...(lease ? { fencingToken: lease.fencingToken } : {}),
      ...(reason === undefined ? {} : { reason }),
    });
    status = to;
  };

  let released = false;
  // New path: a group of calls in one local activity. Steps whose outcome is unknown (the group
  // was cancelled) count as landed for the status, which only decides a move back to queued
  // (idempotent), but not for the release, which the `finally` then repeats (also idempotent).
  const runSteps = async (steps: CollabStep[]) => {
    let known: number | undefined = steps.length;
    try {
      await collab.runCollabSteps(steps);
    } catch (error) {
      known = completedStepsIn(error);
      throw error;
    } finally {
      for (const step of steps.slice(0, known ?? steps.length)) {
        if ('transition' in step) status = step.transition.to;
        if ('release' in step && known !== undefined) released = true;
      }
    }
  };
  const transitionStep = (to: TaskStatus, reason?: string): CollabStep => ({
    transition: {
      taskId,
      to,
      actor,
      ...(lease ? { fencingToken: lease.fencingToken } : {}),
      ...(reason === undefined ? {} : { reason }),
    },
  });
  const emitStep = (event: string, details: Record<string, unknown>): CollabStep => ({
    emit: { event, actor, taskId, details: { ...details, ...ids } },
  });

  try {
    lease = await acquireLease();
    progress.lockId = lease.lockId;
    progress.phase = 'claiming';
    const claimed = { lock_id: lease.lockId, resource: plan.resource };
    const started = { executor: plan.executor.name, args: plan.executor.args };
    if (collabStepsLocal) {
      await runSteps([
        transitionStep('claimed'),
        emitStep('task_claimed', claimed),
        transitionStep('in_progress'),
        emitStep('executor_started', started),
      ]);
      progress.phase = 'running';
      progress.executor = plan.executor.name;
    } else {
      await moveTo('claimed');
      await emit('task_claimed', claimed);
      await moveTo('in_progress');
      progress.phase = 'running';
      progress.executor = plan.executor.name;
      await emit('executor_started', started);
    }
    // Only the activity's input grows: the commands, and so replay, stay as they were.
    result = await executor.runTaskExecutor({
      taskId,
      executor: plan.executor,
      lease,
      ...(input.toolConfig === undefined ? {} : { toolConfig: input.toolConfig }),
    });
    progress.phase = 'finishing';
    const succeeded = { executor: plan.executor.name, result };
    if (collabStepsLocal) {
      await runSteps([
        transitionStep('review', result.summary),
        emitStep('executor_succeeded', succeeded),
        { release: { lockId: lease.lockId, holder: actor, details: { task_id: taskId, ...ids } } },
      ]);
    } else {
      await moveTo('review', result.summary);
      await emit('executor_succeeded', succeeded);
    }
  } catch (error) {
    await CancellationScope.nonCancellable(() => recordFailure(error));
    throw error;
  } finally {
    const held = lease;
    if (held && !released) {
      await CancellationScope.nonCancellable(async () => {
        // The store's own `lease_released` event carries the ids; histories recorded before
        // that (no patch marker) also emitted a second one from here, and must replay so.
        const storeRecordsRelease = collabStepsLocal || patched(LEASE_RELEASED_BY_STORE);
        const releasedNow = await collab.releaseTaskLease({
          lockId: held.lockId,
          holder: actor,
          ...(storeRecordsRelease ? { details: { task_id: taskId, ...ids } } : {}),
        });
        if (!storeRecordsRelease) {
          await emit('lease_released', { lock_id: held.lockId, released: releasedNow });
        }
      });
    }
  }

  async function recordFailure(error: unknown): Promise<void> {
    const cancelled = isCancellation(error);
    const message = describe(error);
    progress.phase = cancelled ? 'cancelled' : 'failed';
    progress.error = message;
    // Back on the board for someone else; the workflow only moves a task it claimed.
    if (status === 'claimed' || status === 'in_progress') {
      await moveTo('queued', cancelled ? 'run cancelled' : `executor failed: ${message}`);
    }
    await emit(cancelled ? 'task_run_cancelled' : 'executor_failed', {
      executor: plan.executor.name,
      error: message,
      ...failureTypeOf(error),
    });
  }

  // In review only once the lease is released, so a caller seeing `review` sees no lease.
  progress.phase = 'review';
  const outcome = { summary: result.summary, filesChanged: result.files_changed };
  if (input.awaitApprovalSeconds) {
    // A human decision after review, if one arrives in time; otherwise the task stays in review.
    if (await condition(() => approvedBy !== undefined, `${input.awaitApprovalSeconds} seconds`)) {
      // The worker's key acts only as this workflow; the approver is named in the reason.
      await collab.transitionTaskStatus({
        taskId,
        to: 'approved',
        actor,
        reason: `approved by ${approvedBy ?? 'unknown'}`,
      });
      progress.phase = 'approved';
      return { ...outcome, outcome: 'approved' };
    }
  }
  return { ...outcome, outcome: 'review' };
}

type LeaseRequest = Parameters<Activities['acquireTaskLease']>[0];

/**
 * Busy (409) is retried with backoff until the wait deadline; any other refusal is final. A normal
 * activity, so a wait for someone else's lease shows as a pending activity with its attempts.
 */
function acquireLeaseWaiting(request: LeaseRequest, waitMs: number): Promise<TaskLease> {
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
async function acquireLeaseLocallyFirst(request: LeaseRequest, waitMs: number): Promise<TaskLease> {
  const deadline = Date.now() + waitMs;
  try {
    return await tryAcquireTaskLease(request);
  } catch (error) {
    if (applicationFailureIn(error)?.type !== LEASE_BUSY) throw error;
    // Workflow time is deterministic: the remaining wait replays identically.
    return acquireLeaseWaiting(request, deadline - Date.now());
  }
}

/** A local activity's failure arrives as the ApplicationFailure itself, a normal one wrapped. */
function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) return current;
    current = current.cause;
  }
  return undefined;
}

/** The failure type an activity reported, for the `executor_failed` event. */
function failureTypeOf(error: unknown): Record<string, unknown> {
  const failure = applicationFailureIn(error);
  return failure ? { error_type: failure.type, non_retryable: failure.nonRetryable } : {};
}

/** How many steps of a refused `runCollabSteps` had landed; undefined when not known. */
function completedStepsIn(error: unknown): number | undefined {
  const details = applicationFailureIn(error)?.details?.[0] as CollabStepsProgress | undefined;
  return typeof details?.completedSteps === 'number' ? details.completedSteps : undefined;
}

/** The innermost message: what the executor or the API actually said. */
function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
