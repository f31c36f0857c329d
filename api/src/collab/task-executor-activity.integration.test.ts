import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import type { ExecutorProgress, ExecutorResult } from '@kyros/contracts/schemas/executors';
import { createTaskActivities } from '@kyros/activities/task-activities';
import type { TaskLease } from '@kyros/activities/task-run/task-run-types';
import type { runExecutor } from '@kyros/activities/executors/run-executor';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

test.override({ apiOptions: { clock: 'real' } });

const RESULT: ExecutorResult = { summary: 'done', files_changed: [], artifacts: [], details: {} };

/**
 * An executor that reports progress and then works until the test lets it finish or the
 * activity aborts it: the activity around it is what these tests exercise.
 */
function workingExecutor() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const seen = { aborted: false };
  const run: typeof runExecutor = async (_spec, context) => {
    context.heartbeat({ phase: 'formatting', done: 1, total: 2 });
    await new Promise<void>((resolve, reject) => {
      void finished.then(resolve);
      context.signal.addEventListener(
        'abort',
        () => {
          seen.aborted = true;
          reject(context.signal.reason as Error);
        },
        { once: true },
      );
    });
    return RESULT;
  };
  return { run, finish, seen };
}

// The executor activity as the worker runs it (MockActivityEnvironment), against the real API:
// its heartbeats carry the executor's progress and renew the lease; cancellation and a lost
// lease stop the executor.
describe('runTaskExecutor, the task workflow executor activity', () => {
  let api: InProcessApi;

  test.beforeAll(({ api: started }) => {
    api = started;
  });

  async function leasedTask(title: string): Promise<{ taskId: string; lease: TaskLease }> {
    const { id } = await api.client.createTask({ title });
    const holder = `workflow:task-${id}`;
    const grant = await api.workerClient.acquireLease({
      resource: `${title}.md`,
      holder,
      ttl_seconds: 60,
      task_id: id,
    });
    return {
      taskId: id,
      lease: { lockId: grant.lock_id, fencingToken: grant.fencing_token, holder, ttlSeconds: 60 },
    };
  }

  /** Starts one attempt; `beats` collects the heartbeat details Temporal would record. */
  function startAttempt(executor: typeof runExecutor, taskId: string, lease: TaskLease) {
    const activities = createTaskActivities({
      collab: api.workerClient,
      workspaceRoot: api.dir,
      artifactsDir: api.dir,
      runExecutor: executor,
      heartbeatIntervalMs: 20,
      leaseRenewIntervalMs: 0,
    });
    const env = new MockActivityEnvironment();
    const beats: ExecutorProgress[] = [];
    env.on('heartbeat', (details: ExecutorProgress) => beats.push(details));
    const result = env.run(
      (input: Parameters<typeof activities.runTaskExecutor>[0]) =>
        activities.runTaskExecutor(input),
      {
        taskId,
        executor: { name: 'docs/format' as const, args: {} },
        lease,
      },
    );
    result.catch(() => undefined);
    return { env, beats, result };
  }

  const heartbeatAt = async (lockId: string) =>
    (await api.client.getState('locks')).data.leases.find((lease) => lease.lock_id === lockId)
      ?.heartbeat_at;

  test('heartbeats the executor progress and renews the lease while the executor works', async () => {
    const { taskId, lease } = await leasedTask('beats');
    const before = await heartbeatAt(lease.lockId);
    const executor = workingExecutor();
    const { beats, result } = startAttempt(executor.run, taskId, lease);

    await eventually(() => Promise.resolve(beats.length >= 3), true);
    await eventually(async () => (await heartbeatAt(lease.lockId)) !== before, true);
    executor.finish();

    await expect(result).resolves.toEqual(RESULT);
    expect(beats.at(-1)).toEqual({ phase: 'formatting', done: 1, total: 2 });
  });

  test('cancellation aborts the executor and the attempt ends cancelled', async () => {
    const { taskId, lease } = await leasedTask('cancelled');
    const executor = workingExecutor();
    const { env, beats, result } = startAttempt(executor.run, taskId, lease);

    await eventually(() => Promise.resolve(beats.length >= 1), true);
    env.cancel();

    await expect(result).rejects.toBeInstanceOf(CancelledFailure);
    expect(executor.seen.aborted).toBe(true);
  });

  test('a lease taken away while the executor works stops it with a non-retryable LeaseLost', async () => {
    const { taskId, lease } = await leasedTask('lost');
    const executor = workingExecutor();
    const { beats, result } = startAttempt(executor.run, taskId, lease);

    await eventually(() => Promise.resolve(beats.length >= 1), true);
    // The lease ends under the executor (released by its holder's name, as a reclaim would).
    await api.workerClient.releaseLease(lease.lockId, { holder: lease.holder });

    const failure: unknown = await result.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'LeaseLost', nonRetryable: true });
    expect(executor.seen.aborted).toBe(true);
  });
});
