import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  WorkflowFailedError,
} from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollabApiError } from '@kyros/contracts/collab-client';
import { TaskRunResponse } from '@kyros/contracts/collab-tasks';
import { injectExecutorFailures } from '@kyros/activities/executors/test-failure-hook';
import {
  approveSignal,
  progressQuery,
  TASK_WORKFLOW_TYPE,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '@kyros/workflows/task-workflow-api';
import { startTaskRunStack, type TaskRunStack } from './testing/start-task-run-stack.ts';
import { recordHistoryFixture, replayOwnHistory, taskHistory } from './testing/task-history.ts';
import { eventually, FORMATTED, taskRunHelpers, UNFORMATTED } from './testing/task-run-helpers.ts';

describe('running a task through its Temporal workflow', () => {
  let stack: TaskRunStack;

  beforeAll(async () => {
    stack = await startTaskRunStack();
    await stack.startWorker();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const { post, formatTask, readWorkspace, workflowEvents, holdTaken, leasesLeft } = taskRunHelpers(
    () => stack,
  );

  it('refuses to create a task naming an unknown executor (400)', async () => {
    const refused = await stack.collab
      .createTask({
        title: 'Bad',
        // @ts-expect-error -- the point is a name the contract does not know
        executor: { name: 'shell', args: { command: 'rm -rf /' } },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CollabApiError);
    expect((refused as CollabApiError).status).toBe(400);
  });

  it('answers 409 to run a task without an executor and 404 to cancel one never run', async () => {
    const { id } = await stack.collab.createTask({ title: 'Nothing to run' });
    expect((await post(id, 'run')).status).toBe(409);
    expect((await post(id, 'cancel')).status).toBe(404);
    expect((await post('T-999999', 'run')).status).toBe(404);
  });

  it('documents run and cancel in the OpenAPI document, with the executor on tasks', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/collab/tasks/{id}/run', '/collab/tasks/{id}/cancel']),
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ExecutorSpec', 'TaskRunResponse']),
    );
  });

  it('formats the files, ends in review, records the run and leaves no lease', async () => {
    const id = await formatTask('happy');
    const first = await post(id, 'run');
    expect(first.status).toBe(202);
    const run = TaskRunResponse.parse(first.body);
    expect(run.workflow_id).toBe(`task-${id}`);
    expect(run.temporal_ui_url).toMatch(new RegExp(`/namespaces/default/workflows/task-${id}$`));
    // Idempotent: a second call while the run is open answers with the same execution.
    const second = TaskRunResponse.parse((await post(id, 'run')).body);
    expect(second.run_id).toBe(run.run_id);

    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    const outcome: unknown = await handle.result();
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: ['happy.md'] });
    expect(await readWorkspace('happy.md')).toBe(FORMATTED);
    expect((await stack.collab.getTask(id)).task.status).toBe('review');
    const events = await workflowEvents(id);
    expect(events.map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(events.every((event) => event.details.run_id === run.run_id)).toBe(true);
    expect(await leasesLeft()).toEqual([]);
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'review' });

    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture('task-workflow-docs-format', history, stack.temporalAddress);
  });

  it('does not retry bad input: the task goes back to queued with executor_failed', async () => {
    const id = await formatTask('bad-input');
    await injectExecutorFailures(stack.workspaceRoot, { 'docs/format': { input: 1 } });
    const run = TaskRunResponse.parse((await post(id, 'run')).body);
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
    const events = await workflowEvents(id);
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
    expect(await leasesLeft()).toEqual([]);
    expect(await readWorkspace('bad-input.md')).toBe(UNFORMATTED);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture('task-workflow-bad-input', history, stack.temporalAddress);
  });

  it('retries a transient failure with backoff, then succeeds', async () => {
    const id = await formatTask('transient');
    await injectExecutorFailures(stack.workspaceRoot, { 'docs/format': { transient: 2 } });
    const run = TaskRunResponse.parse((await post(id, 'run')).body);
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
    expect(await leasesLeft()).toEqual([]);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture('task-workflow-transient-retry', history, stack.temporalAddress);
  });

  it('cancelling a running task stops the executor, releases the lease and records it', async () => {
    const id = await formatTask('cancelled');
    await injectExecutorFailures(stack.workspaceRoot, { 'docs/format': { hold: 1 } });
    const run = TaskRunResponse.parse((await post(id, 'run')).body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    await holdTaken();
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'running' });
    expect((await leasesLeft()).map((lease) => lease.holder)).toEqual([`workflow:task-${id}`]);

    const cancelled = await post(id, 'cancel');
    expect(cancelled).toMatchObject({ status: 202, body: { cancel_requested: true } });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

    expect((await stack.collab.getTask(id)).task.status).toBe('queued');
    expect(await leasesLeft()).toEqual([]);
    expect((await workflowEvents(id)).map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'task_run_cancelled',
      'lease_released',
    ]);
    expect(await readWorkspace('cancelled.md')).toBe(UNFORMATTED);
    expect((await post(id, 'cancel')).status).toBe(404);
    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture('task-workflow-cancelled', history, stack.temporalAddress);
  });

  it('an approve signal after review moves the task to approved', async () => {
    const id = await formatTask('approved');
    const handle = await stack.temporal.workflow.start(TASK_WORKFLOW_TYPE, {
      workflowId: taskWorkflowId(id),
      taskQueue: stack.config.temporal.taskQueue,
      args: [{ taskId: id, awaitApprovalSeconds: 600 } satisfies TaskWorkflowInput],
    });
    await eventually(async () => (await handle.query(progressQuery)).phase, 'review');
    expect(await leasesLeft()).toEqual([]);
    await handle.signal(approveSignal, { actor: 'human:alice' });
    expect(await handle.result()).toMatchObject({ outcome: 'approved' });
    const { task } = await stack.collab.getTask(id);
    expect(task.status).toBe('approved');
    const history = await taskHistory(handle);
    await replayOwnHistory(history, handle.workflowId);
    await recordHistoryFixture('task-workflow-approved', history, stack.temporalAddress);
  });
});
