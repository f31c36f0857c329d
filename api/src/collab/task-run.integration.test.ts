// Long file: the whole task run on the real stack (workflow, worker, API, files), its cases
// sharing one worker and the helpers that read the run back.
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  WorkflowFailedError,
} from '@temporalio/client';
import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { TaskRunHistoryResponse } from '@kyros/contracts/schemas/task-run-history';
import {
  approveSignal,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '@kyros/workflows/task-workflow-api';
import { taskWorkflow } from '@kyros/workflows/task-workflow';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import {
  eventually,
  FORMATTED,
  taskRunHelpers,
  UNFORMATTED,
} from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

describe('running a task through its Temporal workflow', () => {
  let stack: Stack;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
  });

  const tasks = taskRunHelpers(() => stack);

  test('refuses to create a task naming an unknown executor (400)', async () => {
    const refused = await stack.collab
      .createTask({
        title: 'Bad',
        // @ts-expect-error -- the point is a name the contract does not know
        executor: { name: 'shell', args: { command: 'rm -rf /' } },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
  });

  test('answers 409 to run a task without an executor and 404 to cancel one never run', async () => {
    const { id } = await stack.collab.createTask({ title: 'Nothing to run' });
    expect((await tasks.post(id, 'run')).status).toBe(409);
    expect((await tasks.post(id, 'cancel')).status).toBe(404);
    expect((await tasks.runStatus(id)).status).toBe(404);
    expect((await tasks.post('T-999999', 'run')).status).toBe(404);
    const history = (taskId: string) =>
      fetch(`${stack.apiUrl}/collab/tasks/${taskId}/run/history`, { headers: stack.authHeaders });
    const neverRun = await history(id);
    expect(neverRun.status).toBe(404);
    expect(neverRun.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await history('T-999999')).status).toBe(404);
    expect((await history('not-a-task')).status).toBe(404);
  });

  test('documents run and cancel in the OpenAPI document, with the executor on tasks', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/collab/tasks/{id}/run', '/collab/tasks/{id}/cancel']),
    );
    expect(Object.keys(document.paths['/collab/tasks/{id}/run'] as object).sort()).toEqual([
      'get',
      'post',
    ]);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ExecutorSpec', 'TaskRunResponse', 'TaskRunStatusResponse']),
    );
  });

  test('formats the files, ends in review, records the run and leaves no lease', async () => {
    const id = await tasks.formatTask('happy', 'activity');
    const first = await tasks.post(id, 'run');
    expect(first.status).toBe(202);
    const run = TaskRunResponse.parse(first.body);
    expect(run.workflow_id).toBe(`task-${id}`);
    expect(run.temporal_ui_url).toMatch(new RegExp(`/namespaces/default/workflows/task-${id}$`));
    // Idempotent: a second call while the run is open answers with the same execution.
    const second = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    expect(second.run_id).toBe(run.run_id);

    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    const outcome: unknown = await handle.result();
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: ['happy.md'] });
    expect(await tasks.readWorkspace('happy.md')).toBe(FORMATTED);
    expect((await stack.collab.getTask(id)).task.status).toBe('review');
    const events = await tasks.workflowEvents(id);
    expect(events.map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(events.every((event) => event.details.run_id === run.run_id)).toBe(true);
    // One lease_released, written by the store as it ended the lease, with the workflow's ids.
    const released = await tasks.leaseReleasedEvents(id);
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({
      actor: `workflow:task-${id}`,
      details: { workflow_id: `task-${id}`, run_id: run.run_id, resource: 'happy.m?' },
    });
    expect(await tasks.leasesLeft()).toEqual([]);
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'review' });
    // The finished run's status: the workflow's progress, no executor left pending.
    const status = await tasks.runStatus(id);
    expect(status).toMatchObject({
      status: 200,
      body: { run_id: run.run_id, status: 'COMPLETED', progress: { phase: 'review' } },
    });
    expect(status.body).not.toHaveProperty('executor_progress');

    // The same run as the console's timeline reads it: steps, noise folded, the executor once.
    const timeline = await fetch(`${stack.apiUrl}/collab/tasks/${id}/run/history`, {
      headers: stack.authHeaders,
    });
    expect(timeline.status).toBe(200);
    const { steps, collapsed, run_id } = TaskRunHistoryResponse.parse(await timeline.json());
    expect(run_id).toBe(run.run_id);
    expect(steps.map((step) => `${step.kind}:${step.name}:${step.status}`)).toEqual([
      'workflow:taskWorkflow:started',
      'local_activity:beginTaskRun:completed',
      'activity:runTaskExecutor:completed',
      'local_activity:runCollabSteps:completed',
      'workflow:finished:completed',
    ]);
    expect(collapsed).toBeGreaterThan(0);

    const history = await taskHistory(handle);
    // Two local activities (beginTaskRun, then review + release), the executor one activity.
    const recorded = history.history.events ?? [];
    const localActivities = recorded.filter(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    );
    expect(localActivities).toHaveLength(2);
    expect(recorded.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(1);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-docs-format-as-activity',
      history,
      stack.temporalAddress,
    );
  });

  test('does not retry bad input: the task goes back to queued with executor_failed', async () => {
    const id = await tasks.formatTask('bad-input', 'activity');
    stack.faults.input(1);
    const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('ExecutorInputError');

    const history = await taskHistory(handle);
    expect(history.executorAttempts).toEqual([1]);
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
    expect(await tasks.leaseReleasedEvents(id)).toHaveLength(1);
    expect(await tasks.leasesLeft()).toEqual([]);
    expect(await tasks.readWorkspace('bad-input.md')).toBe(UNFORMATTED);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-bad-input-as-activity',
      history,
      stack.temporalAddress,
    );

    // Run again (the fault is spent): the timeline shows this run and, under it, the failed one.
    const rerun = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    await stack.temporal.workflow.getHandle(rerun.workflow_id, rerun.run_id).result();
    const readHistory = async () => {
      const response = await fetch(`${stack.apiUrl}/collab/tasks/${id}/run/history`, {
        headers: stack.authHeaders,
      });
      return TaskRunHistoryResponse.parse(await response.json());
    };
    // Visibility lists a run that just ended a moment later.
    await eventually(async () => (await readHistory()).earlier_runs.length, 1);
    const both = await readHistory();
    expect(both.run_id).toBe(rerun.run_id);
    expect(both.status).toBe('COMPLETED');
    expect(both.earlier_runs[0]).toMatchObject({ run_id: run.run_id, status: 'FAILED' });
    expect(
      both.earlier_runs[0]?.steps.find((step) => step.name === 'runTaskExecutor'),
    ).toMatchObject({ kind: 'activity', status: 'failed' });
  });

  test('retries a transient failure with backoff, then succeeds', async () => {
    const id = await tasks.formatTask('transient', 'activity');
    stack.faults.transient(2);
    const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    expect(await handle.result()).toMatchObject({ outcome: 'review' });
    const history = await taskHistory(handle);
    // The started event of a retried activity records the attempt that finally ran.
    expect(history.executorAttempts).toEqual([3]);
    expect(history.executorRetryPolicy).toMatchObject({
      backoffCoefficient: 2,
      maximumAttempts: 4,
      nonRetryableErrorTypes: ['ExecutorInputError', 'LeaseLost'],
    });
    expect((await stack.collab.getTask(id)).task.status).toBe('review');
    expect(await tasks.leasesLeft()).toEqual([]);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-transient-retry-as-activity',
      history,
      stack.temporalAddress,
    );
  });

  test('cancelling a running task stops the executor, releases the lease and records it', async () => {
    const id = await tasks.formatTask('cancelled', 'activity');
    const held = stack.faults.hold();
    const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    await held;
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'running' });
    expect((await tasks.leasesLeft()).map((lease) => lease.holder)).toEqual([
      `workflow:task-${id}`,
    ]);
    // The run's status carries the executor's live progress: its activity's heartbeat details
    // (the held attempt beats `test-hold`; Temporal records a beat at most every 8 s here).
    await eventually(async () => {
      const { body } = await tasks.runStatus(id);
      return (body.executor_progress as { phase?: string } | undefined)?.phase;
    }, 'test-hold');
    expect((await tasks.runStatus(id)).body).toMatchObject({
      status: 'RUNNING',
      progress: { phase: 'running', executor: 'docs/format' },
      executor_progress: { phase: 'test-hold', attempt: 1, message: 'docs/format held for a test' },
    });

    const cancelled = await tasks.post(id, 'cancel');
    expect(cancelled).toMatchObject({ status: 202, body: { cancel_requested: true } });
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
    expect(await tasks.leaseReleasedEvents(id)).toHaveLength(1);
    expect(await tasks.readWorkspace('cancelled.md')).toBe(UNFORMATTED);
    expect((await tasks.post(id, 'cancel')).status).toBe(404);
    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-cancelled-as-activity',
      history,
      stack.temporalAddress,
    );
  });

  test('an approve signal after review moves the task to approved', async () => {
    const id = await tasks.formatTask('approved');
    const handle = await stack.temporal.workflow.start(taskWorkflow, {
      workflowId: taskWorkflowId(id),
      taskQueue: stack.config.temporal.taskQueue,
      args: [{ taskId: id, awaitApprovalSeconds: 600 } satisfies TaskWorkflowInput],
    });
    await eventually(async () => (await handle.query(progressQuery)).phase, 'review');
    expect(await tasks.leasesLeft()).toEqual([]);
    await handle.signal(approveSignal, { actor: 'human:alice' });
    expect(await handle.result()).toMatchObject({ outcome: 'approved' });
    const { task } = await stack.collab.getTask(id);
    expect(task.status).toBe('approved');
    // The worker's key acts only as the workflow; the approver is named in the reason.
    const moves = await stack.collab.listEvents({ task: [id], type: ['task_transitioned'] });
    expect(moves.events.find((event) => event.details.to === 'approved')).toMatchObject({
      actor: `workflow:task-${id}`,
      details: { reason: 'approved by human:alice' },
    });
    const history = await taskHistory(handle);
    await replayOwnHistory(history, handle.workflowId);
    await recordHistoryFixture(
      'task-workflow-approved-as-activity',
      history,
      stack.temporalAddress,
    );
  });
});
