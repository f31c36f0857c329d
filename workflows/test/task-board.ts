import { Context } from '@temporalio/activity';
import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type { ExecutorResult } from '@kyros/contracts/schemas/executors';
import { failure } from '@kyros/contracts/failures';
import type { createActivities } from '@kyros/activities/activities';
import { beginTaskRunWith } from '@kyros/activities/task-run/begin-task-run';
import type { CollabStep, TaskEventInput } from '@kyros/activities/task-run/task-run-types';

type Activities = ReturnType<typeof createActivities>;

/** The activities the task workflow calls; a test passes its own to the worker (the SDK way). */
export type TaskWorkflowActivities = Pick<
  Activities,
  | 'loadTaskPlan'
  | 'acquireTaskLease'
  | 'beginTaskRun'
  | 'runCollabSteps'
  | 'runTaskExecutor'
  | 'releaseTaskLease'
  | 'transitionTaskStatus'
  | 'emitTaskEvent'
>;

export const FORMATTED: ExecutorResult = {
  summary: 'formatted 1 file',
  files_changed: ['README.md'],
  artifacts: [],
  details: {},
};

/** One lease resource, possibly shared by several boards: at most one holder at a time. */
export class LeaseTable {
  holder: string | undefined;
  grants = 0;

  acquire(holder: string): boolean {
    if (this.holder !== undefined) return false;
    this.holder = holder;
    this.grants += 1;
    return true;
  }

  release(holder: string): boolean {
    if (this.holder !== holder) return false;
    this.holder = undefined;
    return true;
  }
}

/**
 * One task's side of the collaboration store, in memory: what the workflow's activities did to
 * it. Each workflow test owns one, so what it asserts is exactly what that run did.
 */
export class TaskBoard {
  constructor(readonly lease = new LeaseTable()) {}

  status: TaskStatus = 'queued';
  readonly statuses: TaskStatus[] = [];
  readonly events: { event: string; actor: string; details: Record<string, unknown> }[] = [];
  releaseCalls = 0;
  readonly executorAttempts: number[] = [];
  /** Executor attempts that started while someone else (or no one) held the lease. */
  executorRunsWithoutLease = 0;

  eventNames(): string[] {
    return this.events.map(({ event }) => event);
  }

  /** The activities over this board; `overrides` replace single ones (a failing executor, …). */
  activities(overrides: Partial<TaskWorkflowActivities> = {}): TaskWorkflowActivities {
    const transition = ({ to }: { to: TaskStatus }) => {
      const from = this.status;
      this.status = to;
      this.statuses.push(to);
      return Promise.resolve({ from, to });
    };
    const emit = ({ event, actor, details }: TaskEventInput) => {
      this.events.push({ event, actor, details });
      return Promise.resolve();
    };
    const release = ({ holder }: { holder: string }) => {
      this.releaseCalls += 1;
      return Promise.resolve(this.lease.release(holder));
    };
    const activities: TaskWorkflowActivities = {
      loadTaskPlan: () =>
        Promise.resolve({ executor: { name: 'docs/format', args: {} }, resource: '**/*.md' }),
      acquireTaskLease: (request) => {
        if (!this.lease.acquire(request.holder)) {
          return Promise.reject(failure('LeaseBusy', 'the resource is leased'));
        }
        return Promise.resolve({
          lockId: `lock-${this.lease.grants}`,
          fencingToken: this.lease.grants,
          holder: request.holder,
          ttlSeconds: request.ttlSeconds,
        });
      },
      runCollabSteps: async (steps) => {
        for (const step of steps) await runStep(step);
      },
      // The real composition over this board's calls (and a test's overrides of them).
      beginTaskRun: (request) =>
        beginTaskRunWith(
          {
            readTaskPlan: async (taskId) => ({
              plan: await activities.loadTaskPlan(taskId),
              status: this.status,
            }),
            acquireTaskLease: (leaseRequest) => activities.acquireTaskLease(leaseRequest),
            // As the API's claim route: the lease, then both moves with their events.
            claimTask: async ({ event, then, ...leaseRequest }) => {
              const lease = await activities.acquireTaskLease(leaseRequest);
              const { taskId, holder: actor } = leaseRequest;
              const lockDetails = { lock_id: lease.lockId, resource: leaseRequest.resource };
              const claimEvent = { ...event, details: { ...event.details, ...lockDetails } };
              await runStep({ transition: { taskId, to: 'claimed', actor, event: claimEvent } });
              await runStep({ transition: { taskId, actor, ...then } });
              return lease;
            },
            // The board's runs never finish before their begin: no lost last workflow task here.
            succeededInThisRun: () => Promise.resolve(undefined),
            releaseLease: (release) => activities.releaseTaskLease(release),
            runClaimSteps: async (steps, { landed }) => {
              for (const step of steps) {
                await runStep(step);
                if (landed) landed.count += 1;
              }
            },
          },
          request,
          Context.current().info.attempt,
        ),
      runTaskExecutor: ({ lease }) => {
        this.executorAttempts.push(Context.current().info.attempt);
        if (this.lease.holder !== lease.holder) this.executorRunsWithoutLease += 1;
        return Promise.resolve(FORMATTED);
      },
      releaseTaskLease: release,
      transitionTaskStatus: transition,
      emitTaskEvent: emit,
      ...overrides,
    };
    // A transition carrying its event records both, as the API does in one write.
    const runStep = async (step: CollabStep) => {
      if ('transition' in step) {
        await transition(step.transition);
        const { event, actor, taskId } = step.transition;
        if (event) await emit({ event: event.event, actor, taskId, details: event.details });
      } else if ('emit' in step) await emit(step.emit);
      else await release(step.release);
    };
    return activities;
  }
}
