import { Context } from '@temporalio/activity';
import { beginTaskRunWith } from './task-run/begin-task-run.ts';
import { collabCalls } from './task-run/collab-calls.ts';
import { runCollabSteps } from './task-run/collab-steps.ts';
import {
  runTaskExecutor,
  type TaskExecutorDeps,
  type TaskExecutorInput,
} from './task-run/task-executor.ts';
import type {
  BeginTaskRunInput,
  BeginTaskRunResult,
  CollabStep,
} from './task-run/task-run-types.ts';

export type TaskActivityDeps = TaskExecutorDeps;

/**
 * The task workflow's activities. Side effects go through the collaboration API over HTTP (the
 * worker never touches the collaboration files): `task-run/collab-calls.ts`. Retry policies live
 * with the workflow's proxies; here an API refusal becomes retryable or not depending on what
 * retrying could change.
 */
export function createTaskActivities(deps: TaskActivityDeps) {
  const calls = collabCalls(deps.collab);
  const attempt = () => Context.current().info.attempt;

  return {
    /** The executor the task names and the resource its lease must cover. */
    loadTaskPlan: async (taskId: string) => (await calls.readTaskPlan(taskId)).plan,

    /** 409 (the resource is leased by someone else) is retried by the workflow's policy. */
    acquireTaskLease: calls.acquireTaskLease,

    transitionTaskStatus: calls.transitionTask,

    emitTaskEvent: calls.appendTaskEvent,

    releaseTaskLease: calls.releaseLease,

    /** Plan, lease and claim in one local activity (`task-run/begin-task-run.ts`). */
    beginTaskRun: (input: BeginTaskRunInput): Promise<BeginTaskRunResult> =>
      beginTaskRunWith(
        {
          readTaskPlan: calls.readTaskPlan,
          acquireTaskLease: calls.acquireTaskLease,
          claimTask: calls.claimTask,
          runClaimSteps: (steps, options) => runCollabSteps(calls, steps, options),
          succeededInThisRun: calls.succeededInThisRun,
          releaseLease: calls.releaseLease,
        },
        input,
        attempt(),
      ),

    /**
     * Several collab calls in order, in one (local) activity (`task-run/collab-steps.ts`).
     * `resumed`: the workflow goes on after an interrupted group, which may have landed a step.
     */
    runCollabSteps: (steps: CollabStep[], options: { resumed?: boolean } = {}) =>
      runCollabSteps(calls, steps, { retried: attempt() > 1 || options.resumed === true }),

    /** Runs the executor under the lease (`task-run/task-executor.ts`). */
    runTaskExecutor: (input: TaskExecutorInput) => runTaskExecutor(deps, input),

    /** The lease reaper schedule's one step. */
    async reclaimStaleLeases(actor: string): Promise<number> {
      const { reclaimed } = await deps.collab.reclaimLeases({ actor });
      return reclaimed.length;
    },
  };
}
