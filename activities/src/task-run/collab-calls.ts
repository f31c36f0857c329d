import { ApiError, type CollabClient } from '@kyros/contracts/client';
import { collabApiFailure, failure } from '@kyros/contracts/failures';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { ExecutorResultSchema, type ExecutorResult } from '@kyros/contracts/schemas/executors';
import { leaseResourceFor } from '@kyros/contracts/lease-resource';
import type {
  LeaseReleaseInput,
  LeaseRequest,
  TaskClaimRequest,
  TaskEventInput,
  TaskLease,
  TaskPlan,
  TaskTransitionInput,
} from './task-run-types.ts';

export type CollabCalls = ReturnType<typeof collabCalls>;

/**
 * The task workflow's collaboration API calls, one per use, over the worker's client. An API
 * refusal becomes retryable or not depending on what asking again could change.
 */
export function collabCalls(collab: CollabClient) {
  /** The event of this type that this run (`run_id`) appended about the task, if any. */
  const eventOfRun = async (taskId: string, event: string, runId: unknown) => {
    if (runId === undefined) return undefined;
    const { events } = await collab.listEvents({ task: [taskId], type: [event], limit: 1000 });
    return events.find((found) => found.details.run_id === runId);
  };
  return {
    /** The executor the task names, the resource its lease must cover, and its status now. */
    readTaskPlan: async (taskId: string): Promise<{ plan: TaskPlan; status: TaskStatus }> => {
      const { task } = await refuseOn4xx(() => collab.getTask(taskId));
      if (!task.executor) {
        throw failure('TaskNotRunnable', `Task ${taskId} names no executor`);
      }
      const plan = { executor: task.executor, resource: leaseResourceFor(task.executor) };
      return { plan, status: task.status };
    },

    /** 409 (the resource is leased by someone else) is `LeaseBusy`, which the caller decides on. */
    acquireTaskLease: async (request: LeaseRequest): Promise<TaskLease> => {
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

    /**
     * The lease, the claim and the next move in one call. A 409 naming a lease's holder is
     * `LeaseBusy`; a refused move is a refusal like any other, and nothing was leased.
     */
    claimTask: async (request: TaskClaimRequest): Promise<TaskLease> => {
      try {
        const claimed = await collab.claimTask(request.taskId, {
          resources: [request.resource],
          ttl_seconds: request.ttlSeconds,
          actor: request.holder,
          event: request.event,
          then: request.then,
        });
        const [grant] = claimed.leases;
        if (!grant) throw new Error(`The claim of ${request.taskId} answered without a lease`);
        return {
          lockId: grant.lock_id,
          fencingToken: claimed.fencing_token,
          holder: request.holder,
          ttlSeconds: request.ttlSeconds,
        };
      } catch (error) {
        if (isLeaseConflict(error)) throw failure('LeaseBusy', error.message);
        throw refusalOrSelf(error);
      }
    },

    /** Idempotent: a retry after a lost response finds the task already where it should be. */
    transitionTask: async (
      request: TaskTransitionInput,
    ): Promise<{ from: TaskStatus; to: TaskStatus }> => {
      try {
        const moved = await collab.transitionTask(
          request.taskId,
          {
            to: request.to,
            actor: request.actor,
            ...(request.reason === undefined ? {} : { reason: request.reason.slice(0, 2000) }),
            ...(request.event === undefined ? {} : { event: request.event }),
            ...(request.then === undefined ? {} : { then: thenMove(request.then) }),
            ...(request.release === undefined ? {} : { release_lease: releaseOf(request.release) }),
          },
          { fencingToken: request.fencingToken },
        );
        return { from: moved.old_status, to: moved.new_status };
      } catch (error) {
        // A combined call's 409 is left to its caller: which of its moves had landed is unknown.
        const single = request.then === undefined && request.release === undefined;
        if (single && error instanceof ApiError && error.status === 409) {
          const { task } = await collab.getTask(request.taskId);
          if (task.status === request.to) return { from: task.status, to: task.status };
        }
        throw refusalOrSelf(error);
      }
    },

    appendTaskEvent: async (input: TaskEventInput): Promise<void> => {
      await refuseOn4xx(() =>
        collab.appendEvent({
          event: input.event,
          actor: input.actor,
          target: input.taskId,
          details: { task_id: input.taskId, ...input.details },
        }),
      );
    },

    /**
     * `false` when the lease had already ended (reclaimed after expiry, or released before). The
     * store writes the one `lease_released` event; `details` (the workflow's ids) go into it.
     */
    releaseLease: async (lease: LeaseReleaseInput): Promise<boolean> => {
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
    },

    /** The task's status now. */
    taskStatus: async (taskId: string): Promise<TaskStatus> => {
      const { task } = await refuseOn4xx(() => collab.getTask(taskId));
      return task.status;
    },

    /** Whether an earlier attempt of this run (its `run_id`) already appended this event. */
    appendedByThisRun: async (taskId: string, event: string, runId: unknown): Promise<boolean> =>
      (await eventOfRun(taskId, event, runId)) !== undefined,

    /** This run's `executor_succeeded` result, if an earlier execution of it got that far. */
    succeededInThisRun: async (
      taskId: string,
      runId: string,
    ): Promise<ExecutorResult | undefined> => {
      const found = await eventOfRun(taskId, 'executor_succeeded', runId);
      const parsed = ExecutorResultSchema.safeParse(found?.details.result);
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/** A 409 that names the live lease in the way (its `holder`), not a refused move. */
function isLeaseConflict(error: unknown): error is ApiError {
  return (
    error instanceof ApiError && error.status === 409 && typeof error.problem.holder === 'string'
  );
}

function thenMove(then: NonNullable<TaskTransitionInput['then']>) {
  return {
    to: then.to,
    ...(then.reason === undefined ? {} : { reason: then.reason.slice(0, 2000) }),
    ...(then.event === undefined ? {} : { event: then.event }),
  };
}

function releaseOf(release: LeaseReleaseInput) {
  return {
    lock_id: release.lockId,
    ...(release.details === undefined ? {} : { details: release.details }),
  };
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
