import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskActivities } from '@kyros/activities/task-activities';
import type { CollabStep, CollabStepsProgress } from '@kyros/activities/task-run/task-run-types';
import {
  startCollabTestApi,
  type CollabTestApi,
} from '@kyros/test-support/api/start-collab-test-api';

// The task workflow's grouped collab calls (ADR 0006), run as the worker runs them, against the
// real API: a retried group must not double the events, and a refused one says what landed.
describe('runCollabSteps, the task workflow grouped collab calls', () => {
  let api: CollabTestApi;
  let activities: ReturnType<typeof createTaskActivities>;

  beforeAll(async () => {
    api = await startCollabTestApi({ clock: 'real' });
    activities = createTaskActivities({
      // The worker's service key: it acts only as the task's workflow.
      collab: api.workerClient,
      workspaceRoot: api.dir,
      artifactsDir: api.dir,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  async function claimSteps(title: string) {
    const { id } = await api.client.createTask({ title });
    const actor = `workflow:task-${id}`;
    const lease = await api.workerClient.acquireLease({
      resource: `${title}.md`,
      holder: actor,
      ttl_seconds: 60,
      task_id: id,
    });
    const ids = { workflow_id: `task-${id}`, run_id: `run-${title}` };
    const transition = (to: 'claimed' | 'in_progress' | 'done'): CollabStep => ({
      transition: { taskId: id, to, actor, fencingToken: lease.fencing_token },
    });
    const emit = (event: string): CollabStep => ({
      emit: { event, actor, taskId: id, details: { ...ids } },
    });
    return { id, transition, emit };
  }

  /** One attempt of the activity, as the worker would run it. */
  const runAttempt = (attempt: number, steps: CollabStep[]) =>
    new MockActivityEnvironment({ attempt }).run(
      (group: CollabStep[]) => activities.runCollabSteps(group),
      steps,
    );

  const eventsOf = async (taskId: string) =>
    (await api.client.listEvents({ task: [taskId], type: ['task_claimed', 'executor_started'] }))
      .events;

  it('a retried attempt lands the same transitions and appends each event once', async () => {
    const { id, transition, emit } = await claimSteps('retried');
    const steps = [
      transition('claimed'),
      emit('task_claimed'),
      transition('in_progress'),
      emit('executor_started'),
    ];
    await runAttempt(1, steps);
    await runAttempt(2, steps);

    expect((await api.client.getTask(id)).task.status).toBe('in_progress');
    expect((await eventsOf(id)).map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
    ]);
  });

  it('a refused step fails for good and says how many steps had landed', async () => {
    const { id, transition, emit } = await claimSteps('refused');
    const failure: unknown = await runAttempt(1, [
      transition('claimed'),
      emit('task_claimed'),
      transition('done'),
    ]).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'CollabApi409' });
    const [progress] = (failure as ApplicationFailure).details as [CollabStepsProgress];
    expect(progress).toEqual({ completedSteps: 2 });
    expect((await api.client.getTask(id)).task.status).toBe('claimed');
  });
});
