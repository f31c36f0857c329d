import { describe, expect } from 'vitest';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { createKyrosClient } from '@kyros/contracts/client';
import { LEASE_REAPER_SCHEDULE_ID, progressQuery } from '@kyros/workflows/task-workflow-api';
import { ensureLeaseReaperSchedule } from '../schedules/lease-reaper-schedule.ts';
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

describe('task runs meeting busy leases, stale leases and a crashed worker', () => {
  let stack: Stack;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
  });

  const tasks = taskRunHelpers(() => stack);

  test('waits while another holder leases the files, then runs once they are released', async () => {
    const id = await tasks.formatTask('busy');
    const someoneElse = createKyrosClient({
      baseUrl: stack.apiUrl,
      credential: await stack.auth.keyFor('agent-someone-else'),
    }).collab;
    const other = await someoneElse.acquireLease({
      resource: 'busy.md',
      holder: 'agent-someone-else',
      ttl_seconds: 600,
    });
    const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    // The acquire activity has met the busy lease at least once and is being retried.
    await eventually(async () => {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      return pending.some((activity) => (activity.attempt ?? 0) > 1);
    }, true);
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'acquiring_lease' });
    expect((await stack.collab.getTask(id)).task.status).toBe('queued');

    await someoneElse.releaseLease(other.lock_id, { holder: 'agent-someone-else' });
    expect(await handle.result()).toMatchObject({ outcome: 'review', filesChanged: ['busy.md'] });
    expect(await tasks.leasesLeft()).toEqual([]);
    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-busy-lease-in-worker',
      history,
      stack.temporalAddress,
    );
  });

  test('the API start-up created the lease-reaper schedule once; its sweep reclaims stale leases', async () => {
    expect(await ensureLeaseReaperSchedule(stack.temporal, stack.config.temporal.taskQueue)).toBe(
      false,
    );
    const schedule = stack.temporal.schedule.getHandle(LEASE_REAPER_SCHEDULE_ID);
    const described = await schedule.describe();
    expect(described.action).toMatchObject({ workflowType: 'leaseReaperWorkflow' });
    const stale = await stack.collab.acquireLease({
      resource: 'stale.md',
      ttl_seconds: 1,
    });
    await eventually(async () => {
      await schedule.trigger();
      const leases = await tasks.leasesLeft();
      return leases.some((lease) => lease.lock_id === stale.lock_id);
    }, false);
    const page = await stack.collab.listEvents({ type: ['lease_reclaimed'], limit: 100 });
    // The reaper reclaims as its own workflow run, the one identity the worker's key may use.
    expect(page.events.map((event) => event.actor)).toContainEqual(
      expect.stringMatching(/^workflow:kyros-lease-reaper/),
    );
  });

  test('a worker killed mid-activity is replaced: another worker finishes, the effect happens once', async () => {
    await stack.stopWorkers();
    // The child's executor attempt holds, heartbeating, until the worker is killed.
    await stack.workerChild('task-executor', async (worker) => {
      const id = await tasks.formatTask('crash', 'activity');
      const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
      await worker.held();
      expect(await worker.kill()).toBe('SIGKILL');
      expect(await tasks.readWorkspace('crash.md')).toBe(UNFORMATTED);

      await stack.startWorker();
      const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
      expect(await handle.result()).toMatchObject({
        outcome: 'review',
        filesChanged: ['crash.md'],
      });
      const history = await taskHistory(handle);
      // Attempt 1 died with its worker (heartbeat timeout); attempt 2 ran on the new worker.
      expect(history.executorAttempts).toEqual([2]);
      expect(await tasks.readWorkspace('crash.md')).toBe(FORMATTED);
      expect((await stack.collab.getTask(id)).task.status).toBe('review');
      expect(await tasks.leasesLeft()).toEqual([]);
      const events = await tasks.workflowEvents(id);
      expect(events.map((event) => event.event)).toEqual([
        'task_claimed',
        'executor_started',
        'executor_succeeded',
        'lease_released',
      ]);
      expect(await tasks.leaseReleasedEvents(id)).toHaveLength(1);
      await replayOwnHistory(history, run.workflow_id);
      await recordHistoryFixture(
        'task-workflow-worker-crash-as-activity',
        history,
        stack.temporalAddress,
      );
    });
  });

  test('a worker killed while the executor runs in it is replaced: the next runs it once, as an activity', async () => {
    await stack.stopWorkers();
    // The child's executor holds inside its workflow task (a local activity) until it is killed.
    await stack.workerChild('task-executor', async (worker) => {
      const id = await tasks.formatTask('crash-in-worker');
      const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
      await worker.held();
      expect(await worker.kill()).toBe('SIGKILL');
      expect(await tasks.readWorkspace('crash-in-worker.md')).toBe(UNFORMATTED);

      // The dead worker's workflow task times out. The next worker waits out the dead run's lease,
      // then runs the executor as the heartbeating activity (its attempts count from here).
      await stack.startWorker();
      const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
      expect(await handle.result()).toMatchObject({
        outcome: 'review',
        filesChanged: ['crash-in-worker.md'],
      });
      const history = await taskHistory(handle);
      expect(history.executorAttempts).toEqual([1]);
      expect(history.executorInWorkerAttempts).toEqual([]);
      expect(await tasks.readWorkspace('crash-in-worker.md')).toBe(FORMATTED);
      expect(await tasks.leasesLeft()).toEqual([]);
      expect((await tasks.workflowEvents(id)).map((event) => event.event)).toEqual([
        'task_claimed',
        'executor_started',
        'executor_succeeded',
        'lease_released',
      ]);
      await replayOwnHistory(history, run.workflow_id);
      await recordHistoryFixture(
        'task-workflow-worker-crash-in-worker',
        history,
        stack.temporalAddress,
      );
    });
  });
});
