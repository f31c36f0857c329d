import { ApplicationFailure } from '@temporalio/activity';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { isFailureOfType, type FailureType } from '@kyros/contracts/failures';
import type { ExecutorResult } from '@kyros/contracts/schemas/executors';
import type { CollabStepsOptions } from './collab-steps.ts';
import type {
  BeginTaskRunInput,
  BeginTaskRunProgress,
  BeginTaskRunResult,
  CollabStep,
  CollabStepsProgress,
  LeaseReleaseInput,
  LeaseRequest,
  TaskLease,
  TaskPlan,
} from './task-run-types.ts';

/** The calls `beginTaskRun` is made of (the real ones, or a test board's). */
export interface BeginTaskRunCalls {
  readTaskPlan(taskId: string): Promise<{ plan: TaskPlan; status: TaskStatus }>;
  acquireTaskLease(request: LeaseRequest): Promise<TaskLease>;
  runClaimSteps(steps: CollabStep[], options: CollabStepsOptions): Promise<void>;
  succeededInThisRun(taskId: string, runId: string): Promise<ExecutorResult | undefined>;
  releaseLease(release: LeaseReleaseInput): Promise<boolean>;
}

/**
 * A task run's first steps in one local activity (docs/adr/0006, second patch): load the plan, take the lease,
 * claim the task and mark it in progress, each transition carrying its event. The same calls,
 * in the same order, as the separate steps made before.
 *
 * - A busy resource is an answer, not a failure: `{ busy: true }`, and the workflow waits for it
 *   visibly, then calls again with the lease it `held`.
 * - Before the lease is granted, a transient failure retries the whole activity (nothing is held)
 *   and a refusal of the plan fails it as is.
 * - Once the plan is known, every other failure is final for this activity and carries
 *   `BeginTaskRunProgress`: the plan, the lease if granted and how many claim steps landed. After
 *   a transient failure the workflow, which now holds the lease, resumes the remaining steps.
 */
export async function beginTaskRunWith(
  calls: BeginTaskRunCalls,
  input: BeginTaskRunInput,
  attempt: number,
): Promise<BeginTaskRunResult> {
  const { taskId, actor, ttlSeconds } = input;
  // The plan comes with the workflow's input (the API read the task to start the run); runs
  // started before that read it here, with the task's status.
  const known = input.held?.plan ?? input.plan;
  const read = known ? undefined : await calls.readTaskPlan(taskId);
  const plan = known ?? (read as { plan: TaskPlan }).plan;
  let lease = input.held?.lease;
  if (!lease) {
    try {
      lease = await calls.acquireTaskLease({
        taskId,
        resource: plan.resource,
        holder: actor,
        ttlSeconds,
      });
    } catch (error) {
      if (isFailureOfType(error, 'LeaseBusy')) return { plan, busy: true };
      if (!isRefusal(error)) throw error;
      throw stopped(error, { plan, claimSteps: [], completedSteps: 0, resumable: false });
    }
  }
  const claimSteps = claimStepsFor(plan, lease, input);
  const landed = { count: 0 };
  try {
    // An earlier attempt or execution whose result was lost (a workflow task that timed out) may
    // have landed steps: the status read with the plan says which, at no extra call; with the
    // plan from the input, the combined claim call is refused and the steps are checked then.
    await calls.runClaimSteps(claimSteps, {
      retried: attempt > 1 || input.held !== undefined,
      ...(read ? { knownStatus: read.status } : {}),
      landed,
    });
  } catch (error) {
    const refused = isRefusal(error);
    // Refused because an earlier execution of this run already finished it (its last workflow
    // task was lost): give back the lease just taken and report the run's result.
    const finished = refused ? await calls.succeededInThisRun(taskId, input.ids.run_id) : undefined;
    if (finished) {
      const details = { task_id: taskId, ...input.ids };
      await calls.releaseLease({ lockId: lease.lockId, holder: actor, details });
      return { plan, finished };
    }
    const completedSteps = refused ? completedStepsIn(error, landed.count) : landed.count;
    throw stopped(error, { plan, lease, claimSteps, completedSteps, resumable: !refused });
  }
  return { plan, lease };
}

/** claimed + `task_claimed`, in_progress + `executor_started`: two calls, four events as before. */
function claimStepsFor(plan: TaskPlan, lease: TaskLease, input: BeginTaskRunInput): CollabStep[] {
  const { taskId, actor, ids } = input;
  const move = (
    to: 'claimed' | 'in_progress',
    event: string,
    details: Record<string, unknown>,
  ): CollabStep => ({
    transition: {
      taskId,
      to,
      actor,
      fencingToken: lease.fencingToken,
      event: { event, details: { ...details, ...ids } },
    },
  });
  return [
    move('claimed', 'task_claimed', { lock_id: lease.lockId, resource: plan.resource }),
    move('in_progress', 'executor_started', {
      executor: plan.executor.name,
      args: plan.executor.args,
    }),
  ];
}

function isRefusal(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && error.nonRetryable === true;
}

function completedStepsIn(error: ApplicationFailure, fallback: number): number {
  const details = error.details?.[0] as CollabStepsProgress | undefined;
  return typeof details?.completedSteps === 'number' ? details.completedSteps : fallback;
}

/** Final for this activity; a refusal keeps its type, an interruption is `TaskRunInterrupted`. */
function stopped(error: unknown, progress: BeginTaskRunProgress): ApplicationFailure {
  const interrupted: FailureType = 'TaskRunInterrupted';
  return ApplicationFailure.create({
    type: isRefusal(error) ? (error.type ?? interrupted) : interrupted,
    message: error instanceof Error ? error.message : String(error),
    nonRetryable: true,
    details: [progress],
    ...(error instanceof Error ? { cause: error } : {}),
  });
}
