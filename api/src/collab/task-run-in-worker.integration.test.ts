// A run whose glob names one file runs its executor in the worker (a local activity,
// docs/adr/0006): the same events, lease and outcomes as the heartbeating activity, with no trip
// through the server's task queue.
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { TaskRunHistoryResponse } from '@kyros/contracts/schemas/task-run-history';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
  type TaskHistory,
} from '@kyros/test-support/temporal/task-history';
import {
  FORMATTED,
  taskRunHelpers,
  UNFORMATTED,
} from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

describe('a one-file task run with its executor in the worker', () => {
  let stack: Stack;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
  });

  const tasks = taskRunHelpers(() => stack);

  async function run(id: string) {
    const started = await tasks.post(id, 'run');
    expect(started.status).toBe(202);
    const { workflow_id, run_id } = TaskRunResponse.parse(started.body);
    return stack.temporal.workflow.getHandle(workflow_id, run_id);
  }

  /** The history's scheduled activities and local activities, by type, in order. */
  function commandsOf(history: TaskHistory) {
    const events = history.history.events ?? [];
    return {
      activities: events.flatMap((event) => {
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
        return name ? [name] : [];
      }),
      localActivities: events.filter(
        (event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
      ).length,
    };
  }

  async function keep(history: TaskHistory, workflowId: string, fixture: string) {
    await replayOwnHistory(history, workflowId);
    await recordHistoryFixture(fixture, history, stack.temporalAddress);
  }

  test('formats the file with no activity task: same events, review, no lease left', async () => {
    const id = await tasks.formatTask('in-worker');
    const handle = await run(id);
    expect(await handle.result()).toMatchObject({
      outcome: 'review',
      filesChanged: ['in-worker.md'],
    });
    expect(await tasks.readWorkspace('in-worker.md')).toBe(FORMATTED);
    expect((await stack.collab.getTask(id)).task.status).toBe('review');
    expect((await tasks.workflowEvents(id)).map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(await tasks.leaseReleasedEvents(id)).toHaveLength(1);
    expect(await tasks.leasesLeft()).toEqual([]);

    const history = await taskHistory(handle);
    // Begin, executor, finish: three local activities, nothing through the task queue.
    expect(commandsOf(history)).toEqual({ activities: [], localActivities: 3 });
    expect(history.executorInWorkerAttempts).toEqual([1]);
    const timeline = await fetch(`${stack.apiUrl}/collab/tasks/${id}/run/history`, {
      headers: stack.authHeaders,
    });
    const { steps } = TaskRunHistoryResponse.parse(await timeline.json());
    expect(steps.map((step) => `${step.kind}:${step.name}:${step.status}`)).toEqual([
      'workflow:taskWorkflow:started',
      'local_activity:beginTaskRun:completed',
      'local_activity:runTaskExecutor:completed',
      'local_activity:runCollabSteps:completed',
      'workflow:finished:completed',
    ]);
    await keep(history, handle.workflowId, 'task-workflow-docs-format-in-worker');
  });

  test('a glob over the same file still runs the executor as the heartbeating activity', async () => {
    const id = await tasks.formatTask('as-activity', 'activity');
    const handle = await run(id);
    expect(await handle.result()).toMatchObject({ filesChanged: ['as-activity.md'] });
    const history = await taskHistory(handle);
    expect(commandsOf(history)).toEqual({ activities: ['runTaskExecutor'], localActivities: 2 });
    expect(history.executorInWorkerAttempts).toEqual([]);
  });

  test('retries a transient failure in the worker with the same policy, then succeeds', async () => {
    const id = await tasks.formatTask('in-worker-transient');
    stack.faults.transient(2);
    const handle = await run(id);
    expect(await handle.result()).toMatchObject({ outcome: 'review' });
    const history = await taskHistory(handle);
    expect(history.executorInWorkerAttempts).toEqual([3]);
    expect(commandsOf(history).activities).toEqual([]);
    expect(await tasks.readWorkspace('in-worker-transient.md')).toBe(FORMATTED);
    expect(await tasks.leasesLeft()).toEqual([]);
    await keep(history, handle.workflowId, 'task-workflow-transient-retry-in-worker');
  });

  test('does not retry bad input: queued again, executor_failed with its type, lease released', async () => {
    const id = await tasks.formatTask('in-worker-bad-input');
    stack.faults.input(1);
    const handle = await run(id);
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const history = await taskHistory(handle);
    expect(history.executorInWorkerAttempts).toEqual([1]);
    expect((await stack.collab.getTask(id)).task.status).toBe('queued');
    const events = await tasks.workflowEvents(id);
    expect(events.map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_failed',
      'lease_released',
    ]);
    expect(events[2]?.details).toMatchObject({
      error: 'injected bad-input failure of docs/format',
      error_type: 'ExecutorInputError',
    });
    expect(await tasks.leasesLeft()).toEqual([]);
    expect(await tasks.readWorkspace('in-worker-bad-input.md')).toBe(UNFORMATTED);
    await keep(history, handle.workflowId, 'task-workflow-bad-input-in-worker');
  });

  test('cancelling stops the executor in the worker, then releases the lease and records it', async () => {
    const id = await tasks.formatTask('in-worker-cancelled');
    const held = stack.faults.hold();
    const handle = await run(id);
    await held;
    expect((await tasks.leasesLeft()).map((lease) => lease.holder)).toEqual([
      `workflow:task-${id}`,
    ]);
    expect(await tasks.post(id, 'cancel')).toMatchObject({ status: 202 });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await stack.collab.getTask(id)).task.status).toBe('queued');
    expect(await tasks.leasesLeft()).toEqual([]);
    expect((await tasks.workflowEvents(id)).map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'task_run_cancelled',
      'lease_released',
    ]);
    expect(await tasks.readWorkspace('in-worker-cancelled.md')).toBe(UNFORMATTED);
    await keep(await taskHistory(handle), handle.workflowId, 'task-workflow-cancelled-in-worker');
  });
});
