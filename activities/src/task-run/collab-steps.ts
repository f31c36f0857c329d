import { ApplicationFailure } from '@temporalio/activity';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type { FailureType } from '@kyros/contracts/failures';
import type { CollabCalls } from './collab-calls.ts';
import type { CollabStep, CollabStepsProgress, TaskTransitionInput } from './task-run-types.ts';

export interface CollabStepsOptions {
  /** An earlier attempt may have landed some steps: find them and do not repeat them. */
  retried: boolean;
  /**
   * The task's status as the caller just read it: transitions up to it count as landed (an
   * earlier execution's), without reading it again.
   */
  knownStatus?: TaskStatus;
  /** Counts the steps landed so far, for a caller that must know after a transient failure. */
  landed?: { count: number };
}

/**
 * Several collab calls in order, so the workflow pays one (local) activity for them. A retried
 * attempt skips what an earlier one landed: transitions up to the task's current status, events
 * this run (`run_id`) already appended, including the event a landed transition carried;
 * releases are idempotent. A refusal is non-retryable and says in its details how many steps had
 * landed, so the workflow knows the task's status.
 */
export async function runCollabSteps(
  calls: CollabCalls,
  steps: CollabStep[],
  options: CollabStepsOptions,
): Promise<void> {
  const combined = options.retried ? undefined : combinedCall(steps, options.knownStatus);
  if (combined) {
    try {
      await calls.transitionTask(combined);
      if (options.landed) options.landed.count = steps.length;
      return;
    } catch (error) {
      // Refused (409 and the like): nothing of it was written. The task may have moved past a
      // step (an earlier execution's) or the refusal is real; the step-by-step path tells which.
      if (!(error instanceof ApplicationFailure) || !error.nonRetryable) throw error;
      return runStepByStep(calls, steps, { ...options, retried: true, knownStatus: undefined });
    }
  }
  return runStepByStep(calls, steps, options);
}

/**
 * The group as one transition call (`then`, `release_lease`), when it is a transition followed
 * by a second transition or by the same actor's release, and none of it can have landed yet.
 * The API records the separate calls' events, in their order (docs/adr/0006, third change).
 */
function combinedCall(
  steps: CollabStep[],
  knownStatus: TaskStatus | undefined,
): TaskTransitionInput | undefined {
  const [first, second] = steps;
  if (steps.length !== 2 || !first || !second || !('transition' in first)) return undefined;
  const { transition } = first;
  const landed = steps.some((step) => 'transition' in step && step.transition.to === knownStatus);
  if (landed) return undefined;
  if ('release' in second && second.release.holder === transition.actor) {
    return { ...transition, release: second.release };
  }
  if ('transition' in second) {
    const next = second.transition;
    const sameCall =
      next.taskId === transition.taskId &&
      next.actor === transition.actor &&
      next.fencingToken === transition.fencingToken &&
      transition.then === undefined &&
      transition.release === undefined;
    if (!sameCall) return undefined;
    const then = {
      to: next.to,
      ...(next.reason === undefined ? {} : { reason: next.reason }),
      ...(next.event === undefined ? {} : { event: next.event }),
    };
    return { ...transition, then };
  }
  return undefined;
}

async function runStepByStep(
  calls: CollabCalls,
  steps: CollabStep[],
  options: CollabStepsOptions,
): Promise<void> {
  // A transition an earlier attempt landed is refused once the task has moved past it.
  const status =
    options.knownStatus ?? (options.retried ? await currentStatus(calls, steps) : undefined);
  const landedThrough = steps.findLastIndex(
    (step) => 'transition' in step && step.transition.to === status,
  );
  for (const [index, step] of steps.entries()) {
    try {
      await runStep(calls, step, { retried: options.retried, landed: index <= landedThrough });
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || !error.nonRetryable) throw error;
      const progress: CollabStepsProgress = { completedSteps: index };
      throw ApplicationFailure.create({
        type: error.type ?? ('CollabStepRefused' satisfies FailureType),
        message: error.message,
        nonRetryable: true,
        details: [progress],
        cause: error,
      });
    }
    if (options.landed) options.landed.count = index + 1;
  }
}

async function runStep(
  calls: CollabCalls,
  step: CollabStep,
  { retried, landed }: { retried: boolean; landed: boolean },
): Promise<void> {
  if ('release' in step) {
    await calls.releaseLease(step.release);
    return;
  }
  if ('emit' in step) {
    const { emit } = step;
    if (retried && (await calls.appendedByThisRun(emit.taskId, emit.event, emit.details.run_id))) {
      return;
    }
    await calls.appendTaskEvent(emit);
    return;
  }
  const { transition } = step;
  if (!landed) {
    await calls.transitionTask(transition);
    return;
  }
  // Landed by an earlier attempt, with its event in the same write unless that append failed.
  const { event } = transition;
  const { taskId, actor } = transition;
  if (event && !(await calls.appendedByThisRun(taskId, event.event, event.details.run_id))) {
    await calls.appendTaskEvent({ event: event.event, actor, taskId, details: event.details });
  }
}

/** The status of the task the group's transitions move; undefined without transitions. */
async function currentStatus(
  calls: CollabCalls,
  steps: CollabStep[],
): Promise<TaskStatus | undefined> {
  const first = steps.find((step) => 'transition' in step);
  if (!first || !('transition' in first)) return undefined;
  return calls.taskStatus(first.transition.taskId);
}
