import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '@kyros/contracts/failures';
import {
  FORMATTED,
  LeaseTable,
  TaskBoard,
  type TaskWorkflowActivities,
} from '../test/task-board.ts';
import { createLocalTestEnv, workflowBundle } from '../test/workflow-test-env.ts';
import {
  approveSignal,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from './task-workflow-api.ts';
import { taskWorkflow } from './task-workflow.ts';

// The task workflow on a real dev server, with test activities per test (the SDK's way): each
// test decides how the executor and the lease behave and checks what the workflow did about it.
describe('taskWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createLocalTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** Runs one task workflow to its end on a worker serving `activities` only. */
  async function runTask<T>(
    activities: TaskWorkflowActivities,
    drive: (handle: Awaited<ReturnType<typeof start>>) => Promise<T>,
    input: Partial<TaskWorkflowInput> = {},
  ): Promise<T> {
    const taskQueue = `task-workflow-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    return worker.runUntil(drive(await start(taskQueue, input)));
  }

  function start(taskQueue: string, input: Partial<TaskWorkflowInput>) {
    const taskId = randomUUID();
    return env.client.workflow.start(taskWorkflow, {
      taskQueue,
      workflowId: taskWorkflowId(taskId),
      args: [{ taskId, ...input }],
    });
  }

  /** The workflow's failure, unwrapped the way the SDK tests assert it. */
  async function failureOf(result: Promise<unknown>): Promise<WorkflowFailedError> {
    const error = await result.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    return error as WorkflowFailedError;
  }

  it('claims, runs the executor under the lease, and ends in review with the lease released', async () => {
    const board = new TaskBoard();
    const outcome = await runTask(board.activities(), (handle) => handle.result());

    expect(outcome).toEqual({
      outcome: 'review',
      summary: FORMATTED.summary,
      filesChanged: FORMATTED.files_changed,
    });
    expect(board.statuses).toEqual(['claimed', 'in_progress', 'review']);
    expect(board.eventNames()).toEqual(['task_claimed', 'executor_started', 'executor_succeeded']);
    expect(board.lease.holder).toBeUndefined();
    expect(board.releaseCalls).toBe(1);
  });

  it('retries a transient executor failure and succeeds on a later attempt', async () => {
    const board = new TaskBoard();
    const activities = board.activities({
      runTaskExecutor: () => {
        const { attempt } = Context.current().info;
        board.executorAttempts.push(attempt);
        if (attempt < 3) {
          throw failure('ExecutorTransientError', `busy (attempt ${attempt})`, {
            nextRetryDelay: '10 ms',
          });
        }
        return Promise.resolve(FORMATTED);
      },
    });
    const outcome = await runTask(activities, (handle) => handle.result());

    expect(outcome.outcome).toBe('review');
    expect(board.executorAttempts).toEqual([1, 2, 3]);
    expect(board.eventNames()).toEqual(['task_claimed', 'executor_started', 'executor_succeeded']);
  });

  it('gives up after four transient failures: back to queued, failure recorded, lease released', async () => {
    const board = new TaskBoard();
    const activities = board.activities({
      runTaskExecutor: () => {
        board.executorAttempts.push(Context.current().info.attempt);
        throw failure('ExecutorTransientError', 'still busy', { nextRetryDelay: '10 ms' });
      },
    });
    const error = await failureOf(runTask(activities, (handle) => handle.result()));

    expect(error.cause).toBeInstanceOf(ActivityFailure);
    expect(error.cause?.cause).toMatchObject({
      type: 'ExecutorTransientError',
      nonRetryable: false,
    });
    expect(board.executorAttempts).toEqual([1, 2, 3, 4]);
    expect(board.status).toBe('queued');
    expect(board.events.at(-1)).toMatchObject({
      event: 'executor_failed',
      details: { error: 'still busy', error_type: 'ExecutorTransientError', non_retryable: false },
    });
    expect(board.lease.holder).toBeUndefined();
  });

  it('does not retry bad input: one attempt, WorkflowFailedError → ActivityFailure → ApplicationFailure', async () => {
    const board = new TaskBoard();
    const activities = board.activities({
      runTaskExecutor: () => {
        board.executorAttempts.push(Context.current().info.attempt);
        throw failure('ExecutorInputError', 'glob leaves the workspace');
      },
    });
    const error = await failureOf(runTask(activities, (handle) => handle.result()));

    expect(error.cause).toBeInstanceOf(ActivityFailure);
    expect(error.cause?.cause).toBeInstanceOf(ApplicationFailure);
    expect(error.cause?.cause).toMatchObject({ type: 'ExecutorInputError', nonRetryable: true });
    expect(board.executorAttempts).toEqual([1]);
    expect(board.statuses).toEqual(['claimed', 'in_progress', 'queued']);
    expect(board.releaseCalls).toBe(1);
  });

  it('stops at once when the lease is lost, and still asks to release it', async () => {
    const board = new TaskBoard();
    const activities = board.activities({
      runTaskExecutor: () => {
        board.executorAttempts.push(Context.current().info.attempt);
        board.lease.holder = undefined; // reclaimed by the reaper while the executor ran
        throw failure('LeaseLost', 'The lease lock-1 was lost while the executor ran');
      },
    });
    const error = await failureOf(runTask(activities, (handle) => handle.result()));

    expect(error.cause?.cause).toMatchObject({ type: 'LeaseLost', nonRetryable: true });
    expect(board.executorAttempts).toEqual([1]);
    expect(board.status).toBe('queued');
    expect(board.events.at(-1)).toMatchObject({
      event: 'executor_failed',
      details: { error_type: 'LeaseLost', non_retryable: true },
    });
    expect(board.releaseCalls).toBe(1);
  });

  it('waits for a busy lease with a normal activity and runs once it is free', async () => {
    const board = new TaskBoard();
    board.lease.acquire('agent:someone-else');
    const base = board.activities();
    let tries = 0;
    const activities = board.activities({
      acquireTaskLease: (request) => {
        tries += 1;
        // The quick local try and the first visible attempt meet the other holder.
        if (tries === 2) board.lease.release('agent:someone-else');
        return tries <= 2
          ? Promise.reject(failure('LeaseBusy', 'the resource is leased'))
          : base.acquireTaskLease(request);
      },
    });
    const outcome = await runTask(activities, (handle) => handle.result());

    expect(outcome.outcome).toBe('review');
    expect(tries).toBe(3);
    expect(board.lease.grants).toBe(2);
  });

  it('several runs on one resource take the lease in turn: each executor runs under it, every run in review', async () => {
    const lease = new LeaseTable();
    const boards = Array.from({ length: 4 }, () => new TaskBoard(lease));
    const outcomes = await Promise.all(
      boards.map((board) => runTask(board.activities(), (handle) => handle.result())),
    );

    expect(outcomes.map(({ outcome }) => outcome)).toEqual([
      'review',
      'review',
      'review',
      'review',
    ]);
    expect(lease.grants).toBe(4);
    expect(lease.holder).toBeUndefined();
    for (const board of boards) {
      expect(board.statuses).toEqual(['claimed', 'in_progress', 'review']);
      expect(board.eventNames()).toEqual([
        'task_claimed',
        'executor_started',
        'executor_succeeded',
      ]);
    }
  });

  it('cancellation stops the heartbeating executor, moves the task back and releases the lease', async () => {
    const board = new TaskBoard();
    let running!: () => void;
    const executorRunning = new Promise<void>((resolve) => (running = resolve));
    let executorCancelled = false;
    const activities = board.activities({
      runTaskExecutor: async () => {
        const context = Context.current();
        running();
        try {
          for (;;) {
            context.heartbeat({ phase: 'formatting', done: 0 });
            await context.sleep(100);
          }
        } catch (error) {
          executorCancelled = error instanceof CancelledFailure;
          throw error;
        }
      },
    });
    const error = await failureOf(
      runTask(activities, async (handle) => {
        await executorRunning;
        await handle.cancel();
        return handle.result();
      }),
    );

    expect(error.cause).toBeInstanceOf(CancelledFailure);
    expect(executorCancelled).toBe(true);
    expect(board.statuses).toEqual(['claimed', 'in_progress', 'queued']);
    expect(board.eventNames().at(-1)).toBe('task_run_cancelled');
    expect(board.lease.holder).toBeUndefined();
    expect(board.releaseCalls).toBe(1);
  });

  it('after review, a human approval signal moves the task to approved as that human', async () => {
    const board = new TaskBoard();
    const outcome = await runTask(
      board.activities(),
      async (handle) => {
        await waitForPhase(handle, 'review');
        await handle.signal(approveSignal, { actor: 'user:ada@example.com' });
        return handle.result();
      },
      { awaitApprovalSeconds: 600 },
    );

    expect(outcome.outcome).toBe('approved');
    expect(board.statuses).toEqual(['claimed', 'in_progress', 'review', 'approved']);
  });
});

/** Polls the `progress` query until the workflow reports `phase`. */
async function waitForPhase(
  handle: { query: (query: typeof progressQuery) => Promise<{ phase: string }> },
  phase: string,
): Promise<void> {
  while ((await handle.query(progressQuery)).phase !== phase) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
