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
  TaskClaimRequest,
  TaskLease,
  TaskPlan,
  TransitionEventInput,
} from './task-run-types.ts';

/** The calls `beginTaskRun` is made of (the real ones, or a test board's). */
export interface BeginTaskRunCalls {
  readTaskPlan(taskId: string): Promise<{ plan: TaskPlan; status: TaskStatus }>;
  acquireTaskLease(request: LeaseRequest): Promise<TaskLease>;
  claimTask(request: TaskClaimRequest): Promise<TaskLease>;
  runClaimSteps(steps: CollabStep[], options: CollabStepsOptions): Promise<void>;
  succeededInThisRun(taskId: string, runId: string): Promise<ExecutorResult | undefined>;
  releaseLease(release: LeaseReleaseInput): Promise<boolean>;
}

/**
 * A task run's first steps in one local activity (docs/adr/0006, second patch): load the plan, take the lease,
 * claim the task and mark it in progress, each transition carrying its event. The first attempt
 * makes them one API call (the claim route's lease, event and `then`); otherwise they are the
 * same calls, in the same order, as the separate steps made before.
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
  // The first attempt asks for lease, claimed and in_progress in one call; anything but a grant
  // or a busy resource leaves the rest to the separate calls below (the same answers as before).
  if (!input.held && attempt === 1 && (read === undefined || read.status === 'queued')) {
    const claimed = await claimInOneCall(calls, plan, input);
    if (claimed === 'busy') return { plan, busy: true };
    if (claimed) return { plan, lease: claimed };
  }
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

/**
 * `POST /collab/tasks/{id}/claim` with both moves' events: the lease and the two transitions of
 * `claimStepsFor`, with the same events, in one call. `'busy'` when a live lease is in the way,
 * `undefined` when the claim was refused (the task is not queued: an earlier execution of this run
 * may have claimed it), and a transient failure is thrown as is: the retry takes the separate
 * calls, which find out what landed.
 */
async function claimInOneCall(
  calls: BeginTaskRunCalls,
  plan: TaskPlan,
  input: BeginTaskRunInput,
): Promise<TaskLease | 'busy' | undefined> {
  const { taskId, actor, ttlSeconds } = input;
  const [claimed, started] = claimEvents(plan, input);
  try {
    return await calls.claimTask({
      taskId,
      resource: plan.resource,
      holder: actor,
      ttlSeconds,
      event: claimed,
      then: { to: 'in_progress', event: started },
    });
  } catch (error) {
    if (isFailureOfType(error, 'LeaseBusy')) return 'busy';
    if (isRefusal(error)) return undefined;
    throw error;
  }
}

/** claimed + `task_claimed`, in_progress + `executor_started`: two calls, four events as before. */
function claimStepsFor(plan: TaskPlan, lease: TaskLease, input: BeginTaskRunInput): CollabStep[] {
  const { taskId, actor } = input;
  const [claimed, started] = claimEvents(plan, input);
  const move = (to: 'claimed' | 'in_progress', event: TransitionEventInput): CollabStep => ({
    transition: { taskId, to, actor, fencingToken: lease.fencingToken, event },
  });
  const withLease = { lock_id: lease.lockId, resource: plan.resource };
  return [
    move('claimed', { ...claimed, details: { ...withLease, ...claimed.details } }),
    move('in_progress', started),
  ];
}

/** `task_claimed` (without its lease, which the caller adds) and `executor_started`. */
function claimEvents(
  plan: TaskPlan,
  { ids }: BeginTaskRunInput,
): [TransitionEventInput, TransitionEventInput] {
  return [
    { event: 'task_claimed', details: { ...ids } },
    {
      event: 'executor_started',
      details: { executor: plan.executor.name, args: plan.executor.args, ...ids },
    },
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
