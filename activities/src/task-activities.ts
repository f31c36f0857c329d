import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApiError, type CollabClient } from '@kyros/contracts/client';
import { collabApiFailure, failure, type FailureType } from '@kyros/contracts/failures';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type {
  ExecutorProgress,
  ExecutorResult,
  ExecutorSpec,
} from '@kyros/contracts/schemas/executors';
import {
  ExecutorInputError,
  ExecutorTransientError,
  runExecutor,
  type FlowRunner,
} from './executors/run-executor.ts';
import { runFlow } from './flows/run-flow.ts';
import { leaseResourceFor } from './lease-resource.ts';

export interface TaskActivityDeps {
  collab: CollabClient;
  workspaceRoot: string;
  artifactsDir: string;
  /** Postgres for the LangGraph checkpointer; without it `flow/*` executors are refused. */
  databaseUrl?: string;
  /** An LLM provider for flows' transform node; without it they stay deterministic. */
  llm?: { provider: string; apiKey: string };
  /** Runs the executor a task names (default: the safe executors, `runExecutor`). */
  runExecutor?: typeof runExecutor;
  /** Temporal heartbeats go out at least this often while an executor runs (default 1 s). */
  heartbeatIntervalMs?: number;
  /** A heartbeat renews the collab lease when the last renewal is this old (default 5 s). */
  leaseRenewIntervalMs?: number;
}

export interface TaskLease {
  lockId: string;
  fencingToken: number;
  holder: string;
  ttlSeconds: number;
}

export interface TaskEventInput {
  event: string;
  actor: string;
  taskId: string;
  details: Record<string, unknown>;
}

export interface TaskTransitionInput {
  taskId: string;
  to: TaskStatus;
  actor: string;
  fencingToken?: number;
  reason?: string;
}

export interface LeaseReleaseInput {
  lockId: string;
  holder: string;
  details?: Record<string, unknown>;
}

/** One collab call of `runCollabSteps`. */
export type CollabStep =
  { transition: TaskTransitionInput } | { emit: TaskEventInput } | { release: LeaseReleaseInput };

/** The failure details of a refused `runCollabSteps`: how many steps had landed before it. */
export interface CollabStepsProgress {
  completedSteps: number;
}

/**
 * The task workflow's side effects, all through the collaboration API over HTTP (the worker never
 * touches the collaboration files). Retry policies live with the workflow's `proxyActivities`;
 * here an API refusal becomes retryable or not depending on what retrying could change.
 */
export function createTaskActivities(deps: TaskActivityDeps) {
  const { collab } = deps;

  return {
    /** The executor the task names and the resource its lease must cover. */
    async loadTaskPlan(taskId: string): Promise<{ executor: ExecutorSpec; resource: string }> {
      const { task } = await refuseOn4xx(() => collab.getTask(taskId));
      if (!task.executor) {
        throw failure('TaskNotRunnable', `Task ${taskId} names no executor`);
      }
      return { executor: task.executor, resource: leaseResourceFor(task.executor) };
    },

    /** 409 (the resource is leased by someone else) is retried by the workflow's policy. */
    async acquireTaskLease(request: {
      taskId: string;
      resource: string;
      holder: string;
      ttlSeconds: number;
    }): Promise<TaskLease> {
      try {
        const grant = await collab.acquireLease({
          resource: request.resource,
          holder: request.holder,
          ttl_seconds: request.ttlSeconds,
          task_id: request.taskId,
        });
        return {
          lockId: grant.lock_id,
          fencingToken: grant.fencing_token,
          holder: request.holder,
          ttlSeconds: request.ttlSeconds,
        };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          throw failure('LeaseBusy', error.message);
        }
        throw refusalOrSelf(error);
      }
    },

    /** Idempotent: a retry after a lost response finds the task already where it should be. */
    transitionTaskStatus: transitionTask,

    emitTaskEvent: appendTaskEvent,

    /**
     * `false` when the lease had already ended (reclaimed after expiry, or released before). The
     * store writes the one `lease_released` event; `details` (the workflow's ids) go into it.
     */
    releaseTaskLease: releaseLease,

    /**
     * Several collab calls in order, in one (local) activity, so the workflow pays one round trip
     * for them. A retried attempt skips what an earlier one landed: transitions up to the task's
     * current status, events this run (`run_id`) already appended; releases are idempotent. A
     * refusal is non-retryable and says in its details how many steps had landed, so the
     * workflow knows the task's status.
     */
    async runCollabSteps(steps: CollabStep[]): Promise<void> {
      const retried = Context.current().info.attempt > 1;
      // A transition an earlier attempt landed is refused once the task has moved past it.
      const landedThrough = retried ? await lastLandedTransition(steps) : -1;
      for (const [index, step] of steps.entries()) {
        try {
          if ('transition' in step) {
            if (index > landedThrough) await transitionTask(step.transition);
          } else if ('release' in step) {
            await releaseLease(step.release);
          } else if (!(retried && (await appendedByThisRun(step.emit)))) {
            await appendTaskEvent(step.emit);
          }
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
      }
    },

    /** Runs the executor; a beat every interval carries its progress and keeps the lease alive. */
    async runTaskExecutor(input: {
      taskId: string;
      executor: ExecutorSpec;
      lease: TaskLease;
      /** The tool's options as the API snapshotted them when the run started. */
      toolConfig?: Record<string, unknown>;
    }): Promise<ExecutorResult> {
      const context = Context.current();
      const aborter = new AbortController();
      const onCancel = () => aborter.abort(context.cancellationSignal.reason);
      context.cancellationSignal.addEventListener('abort', onCancel, { once: true });
      let progress: ExecutorProgress = { phase: 'starting', done: 0 };
      let lastRenewal = Date.now();
      let leaseLost: Error | undefined;
      const renewEvery = deps.leaseRenewIntervalMs ?? 5_000;

      // The executor reports progress as often as it likes; it goes out on the ticker's beat, so
      // a run shorter than one interval costs Temporal no heartbeat at all.
      const report = (next: ExecutorProgress) => {
        progress = next;
      };
      const heartbeat = () => {
        context.heartbeat(progress);
        if (Date.now() - lastRenewal < renewEvery) return;
        lastRenewal = Date.now();
        collab
          .heartbeatLease(input.lease.lockId, {
            holder: input.lease.holder,
            ttl_seconds: input.lease.ttlSeconds,
          })
          .catch((error: unknown) => {
            // Only a refusal means the lease is gone; a network blip is retried next beat.
            if (error instanceof ApiError && error.status < 500) {
              leaseLost = error;
              aborter.abort(error);
            }
          });
      };
      // The executor may sit in one long step; beats from here still deliver cancellation.
      const ticker = setInterval(heartbeat, deps.heartbeatIntervalMs ?? 1_000);
      try {
        return await (deps.runExecutor ?? runExecutor)(
          input.executor,
          {
            workspaceRoot: deps.workspaceRoot,
            taskId: input.taskId,
            artifactsDir: deps.artifactsDir,
            heartbeat: report,
            signal: aborter.signal,
            ...(input.toolConfig === undefined ? {} : { toolConfig: input.toolConfig }),
          },
          flowRunner(input.taskId, context),
        );
      } catch (error) {
        if (leaseLost) {
          throw failure(
            'LeaseLost',
            `The lease ${input.lease.lockId} was lost while the executor ran: ${leaseLost.message}`,
          );
        }
        throw executorFailure(error);
      } finally {
        clearInterval(ticker);
        context.cancellationSignal.removeEventListener('abort', onCancel);
      }
    },

    /** The lease reaper schedule's one step. */
    async reclaimStaleLeases(actor: string): Promise<number> {
      const { reclaimed } = await collab.reclaimLeases({ actor });
      return reclaimed.length;
    },
  };

  async function transitionTask(
    request: TaskTransitionInput,
  ): Promise<{ from: TaskStatus; to: TaskStatus }> {
    try {
      const moved = await collab.transitionTask(
        request.taskId,
        {
          to: request.to,
          actor: request.actor,
          ...(request.reason === undefined ? {} : { reason: request.reason.slice(0, 2000) }),
        },
        { fencingToken: request.fencingToken },
      );
      return { from: moved.old_status, to: moved.new_status };
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const { task } = await collab.getTask(request.taskId);
        if (task.status === request.to) return { from: task.status, to: task.status };
      }
      throw refusalOrSelf(error);
    }
  }

  async function appendTaskEvent(input: TaskEventInput): Promise<void> {
    await refuseOn4xx(() =>
      collab.appendEvent({
        event: input.event,
        actor: input.actor,
        target: input.taskId,
        details: { task_id: input.taskId, ...input.details },
      }),
    );
  }

  async function releaseLease(lease: LeaseReleaseInput): Promise<boolean> {
    try {
      await collab.releaseLease(lease.lockId, {
        holder: lease.holder,
        ...(lease.details === undefined ? {} : { details: lease.details }),
      });
      return true;
    } catch (error) {
      if (error instanceof ApiError && [403, 404, 409].includes(error.status)) return false;
      throw error;
    }
  }

  /** The index of the group's transition to the task's current status, or -1. */
  async function lastLandedTransition(steps: CollabStep[]): Promise<number> {
    const first = steps.find((step) => 'transition' in step);
    if (!first || !('transition' in first)) return -1;
    const { task } = await refuseOn4xx(() => collab.getTask(first.transition.taskId));
    return steps.findLastIndex(
      (step) => 'transition' in step && step.transition.to === task.status,
    );
  }

  /** Whether an earlier attempt of this run (its `run_id`) already appended this event. */
  async function appendedByThisRun(input: TaskEventInput): Promise<boolean> {
    const runId = input.details.run_id;
    if (runId === undefined) return false;
    const { events } = await collab.listEvents({
      task: [input.taskId],
      type: [input.event],
      limit: 1000,
    });
    return events.some((event) => event.details.run_id === runId);
  }

  /** Flows checkpoint per activity (not per attempt), so a retried attempt resumes. */
  function flowRunner(taskId: string, context: Context): FlowRunner | undefined {
    const { databaseUrl } = deps;
    if (databaseUrl === undefined) return undefined;
    const { workflowExecution, activityId } = context.info;
    if (workflowExecution === undefined) return undefined;
    return async (spec, executorContext) => {
      return runFlow(spec, {
        ...executorContext,
        databaseUrl,
        threadId: `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`,
        emit: async ({ event, details }) => {
          await collab.appendEvent({
            event,
            actor: `workflow:${workflowExecution.workflowId}`,
            target: taskId,
            details: { task_id: taskId, ...details, workflow_id: workflowExecution.workflowId },
          });
        },
        ...(deps.llm ? { llm: deps.llm } : {}),
      });
    };
  }
}

/** Bad input stays bad on retry; a transient failure keeps its own type so the policy retries it. */
function executorFailure(error: unknown): unknown {
  if (error instanceof ExecutorInputError) {
    return failure('ExecutorInputError', error.message, { cause: error });
  }
  if (error instanceof ExecutorTransientError) {
    return failure('ExecutorTransientError', error.message, { cause: error });
  }
  return error;
}

async function refuseOn4xx<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw refusalOrSelf(error);
  }
}

/** A 4xx from the API will not change by asking again (but 408/425/429 do); 5xx and network errors may. */
function refusalOrSelf(error: unknown): unknown {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    return collabApiFailure(error.status, error.message);
  }
  return error;
}
