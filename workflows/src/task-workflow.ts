// Long file: one workflow with its patched paths side by side, which replay must keep together.
import {
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type { ExecutorResult } from '@kyros/contracts/schemas/executors';
import type {
  BeginTaskRunResult,
  CollabStep,
  TaskLease,
  TaskPlan,
  TransitionEventInput,
} from '@kyros/activities/task-run/task-run-types';
import {
  acquireLeaseLocallyFirst,
  acquireLeaseWaiting,
  collabActivities,
  collabLocalActivities,
  executor,
  executorInWorker,
} from './task-workflow-activities.ts';
import {
  beginProgressIn,
  completedStepsIn,
  describe,
  failureTypeOf,
} from './task-workflow-failures.ts';
import {
  approveSignal,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
  type TaskWorkflowOutcome,
  type TaskWorkflowProgress,
} from './task-workflow-api.ts';

/** Patch id: the lease release's one event comes from the store, with the workflow's ids. */
const LEASE_RELEASED_BY_STORE = 'lease-released-by-store';
/**
 * Patch id: the collab API calls run as local activities (docs/adr/0006). Histories recorded
 * before it scheduled each call as a normal activity, and replay on that path.
 */
const COLLAB_STEPS_LOCAL = 'collab-steps-local';
/**
 * Patch id: plan, lease and claim in one local activity (`beginTaskRun`), and each transition
 * carries its event (docs/adr/0006, second patch). Histories with only `collab-steps-local`
 * replay on that path.
 */
const TASK_RUN_BEGIN_IN_ONE_STEP = 'task-run-begin-in-one-step';
/** Patch id: the executor runs in the worker when the input asks (docs/adr/0006, fourth change). */
const EXECUTOR_IN_WORKER_WHEN_ASKED = 'executor-in-worker-when-asked';

/**
 * Runs one task's executor under a file lease: lease → claimed → in_progress → executor →
 * review (or back to queued with the failure recorded); the lease is released in a `finally`
 * that also runs when the workflow is cancelled.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowOutcome> {
  const { taskId } = input;
  const { workflowId, runId, historyLength } = workflowInfo();
  const actor = `workflow:${taskWorkflowId(taskId)}`;
  const ids = { workflow_id: workflowId, run_id: runId };
  const progress: TaskWorkflowProgress = { taskId, phase: 'acquiring_lease' };
  let approvedBy: string | undefined;
  setHandler(progressQuery, () => progress);
  setHandler(approveSignal, ({ actor: human }) => {
    approvedBy = human;
  });

  // Decided once, before the first command, so a whole run stays on one path. The newest patch
  // is asked first: a new run records only its marker.
  const executorPlaced = patched(EXECUTOR_IN_WORKER_WHEN_ASKED);
  // Only in the first workflow task (3 events): after a lost one (its worker died) the executor
  // takes the activity, whose attempts count, so a file that kills workers cannot loop.
  const inWorker = executorPlaced && input.executorInWorker === true && historyLength <= 3;
  const beginInOneStep = executorPlaced || patched(TASK_RUN_BEGIN_IN_ONE_STEP);
  const collabStepsLocal = beginInOneStep || patched(COLLAB_STEPS_LOCAL);
  const collab = collabStepsLocal ? collabLocalActivities : collabActivities;
  const emit = (event: string, details: Record<string, unknown> = {}) =>
    collab.emitTaskEvent({ event, actor, taskId, details: { ...details, ...ids } });

  // Unknown until loaded: a run whose task cannot be loaded holds nothing and records nothing.
  let plan: TaskPlan | undefined;
  const ttlSeconds = input.leaseTtlSeconds ?? 60;
  const leaseWaitMs = (input.leaseWaitSeconds ?? 600) * 1000;
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
  // Steps known to have landed move the status; a release among them ends the `finally`'s job.
  const landed = (steps: CollabStep[], known: number | undefined) => {
    for (const step of steps.slice(0, known ?? steps.length)) {
      if ('transition' in step) status = step.transition.to;
      if ('release' in step && known !== undefined) released = true;
    }
  };
  // A group of calls in one local activity. Steps whose outcome is unknown (the group was
  // cancelled) count as landed for the status, which only decides a move back to queued
  // (idempotent), but not for the release, which the `finally` then repeats (also idempotent).
  const runSteps = async (steps: CollabStep[], resumed = false) => {
    let known: number | undefined = steps.length;
    try {
      await (resumed
        ? collab.runCollabSteps(steps, { resumed: true })
        : collab.runCollabSteps(steps));
    } catch (error) {
      known = completedStepsIn(error);
      throw error;
    } finally {
      landed(steps, known);
    }
  };
  const transitionStep = (
    to: TaskStatus,
    reason?: string,
    event?: TransitionEventInput,
  ): CollabStep => ({
    transition: {
      taskId,
      to,
      actor,
      ...(lease ? { fencingToken: lease.fencingToken } : {}),
      ...(reason === undefined ? {} : { reason }),
      ...(event === undefined
        ? {}
        : { event: { ...event, details: { ...event.details, ...ids } } }),
    },
  });
  const emitStep = (event: string, details: Record<string, unknown>): CollabStep => ({
    emit: { event, actor, taskId, details: { ...details, ...ids } },
  });

  /** The newest path: plan, lease, claimed and in_progress in one local activity. */
  const beginTaskRun = async (): Promise<Exclude<BeginTaskRunResult, { busy: true }>> => {
    const deadline = Date.now() + leaseWaitMs;
    // Same command with or without the plan: only the local activity's input differs.
    const request = { taskId, actor, ttlSeconds, ids, ...(input.plan ? { plan: input.plan } : {}) };
    try {
      const begun = await collabLocalActivities.beginTaskRun(request);
      if (!('busy' in begun)) {
        status = 'in_progress';
        return begun;
      }
      plan = begun.plan;
      // Someone else holds the resource: the visible wait, then the claim under the lease.
      const leaseRequest = { taskId, resource: plan.resource, holder: actor, ttlSeconds };
      lease = await acquireLeaseWaiting(leaseRequest, deadline - Date.now());
      const claimed = await collabLocalActivities.beginTaskRun({
        ...request,
        held: { plan, lease },
      });
      if ('finished' in claimed) return claimed;
      status = 'in_progress';
      return { plan, lease };
    } catch (error) {
      const stopped = beginProgressIn(error);
      if (!stopped) throw error;
      plan = stopped.plan;
      lease = stopped.lease ?? lease;
      landed(stopped.claimSteps, stopped.completedSteps);
      if (!stopped.resumable || !lease) throw error;
      // Interrupted by a transient failure while holding the lease: the rest of the claim.
      await runSteps(stopped.claimSteps.slice(stopped.completedSteps), true);
      return { plan, lease };
    }
  };

  try {
    if (beginInOneStep) {
      const begun = await beginTaskRun();
      plan = begun.plan;
      if ('finished' in begun) {
        // An earlier execution of this run got to review and released; its workflow task was lost.
        result = begun.finished;
        status = 'review';
        // beginTaskRun gave back the lease it had taken, whichever path took it.
        released = true;
      } else {
        lease = begun.lease;
        progress.lockId = lease.lockId;
        progress.phase = 'running';
        progress.executor = plan.executor.name;
      }
    } else {
      plan = await collab.loadTaskPlan(taskId);
      const leaseRequest = { taskId, resource: plan.resource, holder: actor, ttlSeconds };
      lease = await (collabStepsLocal
        ? acquireLeaseLocallyFirst(leaseRequest, leaseWaitMs)
        : acquireLeaseWaiting(leaseRequest, leaseWaitMs));
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
    }
    if (!result && lease) {
      // Only the activity's input grows: the commands, and so replay, stay as they were.
      result = await (inWorker ? executorInWorker : executor).runTaskExecutor({
        taskId,
        executor: plan.executor,
        lease,
        ...(input.toolConfig === undefined ? {} : { toolConfig: input.toolConfig }),
      });
      progress.phase = 'finishing';
      const succeeded = { executor: plan.executor.name, result };
      const release = {
        release: { lockId: lease.lockId, holder: actor, details: { task_id: taskId, ...ids } },
      };
      if (beginInOneStep) {
        await runSteps([
          transitionStep('review', result.summary, {
            event: 'executor_succeeded',
            details: succeeded,
          }),
          release,
        ]);
      } else if (collabStepsLocal) {
        await runSteps([
          transitionStep('review', result.summary),
          emitStep('executor_succeeded', succeeded),
          release,
        ]);
      } else {
        await moveTo('review', result.summary);
        await emit('executor_succeeded', succeeded);
      }
    }
  } catch (error) {
    // Without a plan nothing was held or moved (the task could not be run at all).
    const known = plan;
    if (known) await CancellationScope.nonCancellable(() => recordFailure(error, known));
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

  async function recordFailure(error: unknown, known: TaskPlan): Promise<void> {
    const cancelled = isCancellation(error);
    const message = describe(error);
    progress.phase = cancelled ? 'cancelled' : 'failed';
    progress.error = message;
    // Back on the board for someone else; the workflow only moves a task it claimed.
    if (status === 'claimed' || status === 'in_progress') {
      await moveTo('queued', cancelled ? 'run cancelled' : `executor failed: ${message}`);
    }
    await emit(cancelled ? 'task_run_cancelled' : 'executor_failed', {
      executor: known.executor.name,
      error: message,
      ...failureTypeOf(error),
    });
  }

  // Every path here ran the executor, or found that an earlier execution of this run had.
  if (!result) throw new Error(`the run of ${taskId} ended without an executor result`);
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
