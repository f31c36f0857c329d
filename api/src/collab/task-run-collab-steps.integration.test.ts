// Long file: one Temporal activity environment and the collaboration steps of a run, each case a
// step the workflow takes (claim, finish, retries, refusals) against the real API.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { createTaskActivities } from '@kyros/activities/task-activities';
import type {
  BeginTaskRunProgress,
  BeginTaskRunResult,
  CollabStep,
  CollabStepsProgress,
} from '@kyros/activities/task-run/task-run-types';
import type { CollabClient } from '@kyros/contracts/client';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

test.override({ apiOptions: { clock: 'real' } });

// The task workflow's grouped collab calls (ADR 0006), run as the worker runs them, against the
// real API: a retried group must not double the events, and a refused one says what landed.
describe('runCollabSteps, the task workflow grouped collab calls', () => {
  let api: InProcessApi;
  let activities: ReturnType<typeof createTaskActivities>;

  test.beforeAll(({ api: started }) => {
    api = started;
    activities = createTaskActivities({
      // The worker's service key: it acts only as the task's workflow.
      collab: api.workerClient,
      workspaceRoot: api.dir,
      artifactsDir: api.dir,
    });
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
    return { id, actor, lease, transition, emit };
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

  test('a retried attempt lands the same transitions and appends each event once', async () => {
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

  test('a first attempt sends review and the release as one call; the events are those of two', async () => {
    const { id, actor, lease, transition } = await claimSteps('finish');
    await runAttempt(1, [transition('claimed'), transition('in_progress')]);
    const review: CollabStep = {
      transition: {
        taskId: id,
        to: 'review',
        actor,
        fencingToken: lease.fencing_token,
        event: { event: 'executor_succeeded', details: { run_id: 'run-finish' } },
      },
    };
    const release: CollabStep = {
      release: { lockId: lease.lock_id, holder: actor, details: { run_id: 'run-finish' } },
    };
    await runAttempt(1, [review, release]);

    expect((await api.client.getTask(id)).task.status).toBe('review');
    const events = (await api.client.listEvents({ task: [id], limit: 1000 })).events;
    expect(events.slice(-3).map((event) => event.event)).toEqual([
      'task_transitioned',
      'executor_succeeded',
      'lease_released',
    ]);
    // A retry after a lost answer lands nothing twice.
    await runAttempt(2, [review, release]);
    expect((await api.client.listEvents({ task: [id], limit: 1000 })).events).toHaveLength(
      events.length,
    );
  });

  test('a refused step fails for good and says how many steps had landed', async () => {
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

  describe('beginTaskRun: plan, lease and claim in one local activity', () => {
    async function docsTask(title: string) {
      const { id } = await api.client.createTask({
        title,
        executor: { name: 'docs/format', args: { glob: `${title}.md` } },
      });
      const actor = `workflow:task-${id}`;
      const request = {
        taskId: id,
        actor,
        ttlSeconds: 60,
        ids: { workflow_id: `task-${id}`, run_id: `run-${title}` },
      };
      // The plan the API puts in the workflow's input when it starts the run.
      const plan = {
        executor: { name: 'docs/format' as const, args: { glob: `${title}.md` } },
        resource: `${title}.md`,
      };
      return { id, actor, request, plan };
    }

    const begin = (
      attempt: number,
      request: Parameters<typeof activities.beginTaskRun>[0],
      over = activities,
    ) =>
      new MockActivityEnvironment({ attempt }).run(
        (input: typeof request) => over.beginTaskRun(input),
        request,
      );

    /** A first attempt expected to claim: its lease branch of the result. */
    const beginLeased = async (request: Parameters<typeof activities.beginTaskRun>[0]) =>
      (await begin(1, request)) as Extract<BeginTaskRunResult, { lease: unknown }>;

    const taskEvents = async (taskId: string) =>
      (await api.client.listEvents({ task: [taskId], limit: 1000 })).events.filter(
        (event) => event.event !== 'task_created',
      );

    /** The claim's two events of the task, by name: each must be there once. */
    const claimEventsOf = async (taskId: string) =>
      (await taskEvents(taskId))
        .filter((event) => ['task_claimed', 'executor_started'].includes(event.event))
        .map((event) => event.event);

    /** The task activities over another client (one that counts calls or loses answers). */
    const activitiesOver = (collab: CollabClient) =>
      createTaskActivities({ collab, workspaceRoot: api.dir, artifactsDir: api.dir });

    test('claims under a new lease, each transition followed by its event, as the separate calls did', async () => {
      const { id, actor, request } = await docsTask('begin');
      const begun = (await begin(1, request)) as Extract<BeginTaskRunResult, { lease: unknown }>;

      expect(begun.plan).toEqual({
        executor: { name: 'docs/format', args: { glob: 'begin.md' } },
        resource: 'begin.md',
      });
      expect(begun.lease).toMatchObject({ holder: actor, ttlSeconds: 60 });
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      const events = await taskEvents(id);
      expect(events.map((event) => [event.event, event.details.to])).toEqual([
        ['lease_granted', undefined],
        ['task_transitioned', 'claimed'],
        ['task_claimed', undefined],
        ['task_transitioned', 'in_progress'],
        ['executor_started', undefined],
      ]);
      expect(events[2]).toMatchObject({
        actor,
        details: {
          task_id: id,
          lock_id: begun.lease.lockId,
          resource: 'begin.md',
          workflow_id: `task-${id}`,
          run_id: 'run-begin',
        },
      });

      // A retried attempt that already holds the lease lands nothing twice.
      await begin(2, { ...request, held: { plan: begun.plan, lease: begun.lease } });
      expect(await taskEvents(id)).toHaveLength(events.length);
    });

    test('answers busy, and does nothing else, while someone else leases the files', async () => {
      const { id, request } = await docsTask('busy');
      const other = await api.clientFor('agent-other');
      await other.acquireLease({ resource: 'busy.md', holder: 'agent-other', ttl_seconds: 60 });

      expect(await begin(1, request)).toMatchObject({ busy: true, plan: { resource: 'busy.md' } });
      expect((await api.client.getTask(id)).task.status).toBe('queued');
    });

    test('after a lost result (its workflow task timed out), a second execution lands nothing twice', async () => {
      const { id, request } = await docsTask('lost');
      const first = (await begin(1, request)) as Extract<BeginTaskRunResult, { lease: unknown }>;
      // The second execution meets the first one's lease; once that has ended, it claims.
      expect(await begin(1, request)).toMatchObject({ busy: true });
      await api.workerClient.releaseLease(first.lease.lockId, { holder: request.actor });
      const lease = await activities.acquireTaskLease({
        taskId: id,
        resource: 'lost.md',
        holder: request.actor,
        ttlSeconds: 60,
      });
      await begin(1, { ...request, held: { plan: first.plan, lease } });

      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      expect(await claimEventsOf(id)).toEqual(['task_claimed', 'executor_started']);
    });

    test('with the plan in its input, claims without reading the task, the same events in the same order', async () => {
      const { id, request, plan } = await docsTask('planned');
      const reads: string[] = [];
      const counting: CollabClient = {
        ...api.workerClient,
        getTask: (taskId) => {
          reads.push(taskId);
          return api.workerClient.getTask(taskId);
        },
      };
      const over = activitiesOver(counting);
      const begun = await begin(1, { ...request, plan }, over);

      expect(begun).toMatchObject({ plan, lease: { holder: request.actor } });
      expect(reads).toEqual([]);
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      expect((await taskEvents(id)).map((event) => event.event)).toEqual([
        'lease_granted',
        'task_transitioned',
        'task_claimed',
        'task_transitioned',
        'executor_started',
      ]);
    });

    test('with the plan in its input, an execution after a lost result finds the claim landed and lands nothing twice', async () => {
      const { id, request, plan } = await docsTask('planned-lost');
      const first = await beginLeased({ ...request, plan });
      // The first execution's lease ended (expired and reclaimed, say); the next one gets a new
      // lease, its combined claim is refused (in_progress → claimed), and the steps are checked.
      await api.workerClient.releaseLease(first.lease.lockId, { holder: request.actor });
      await begin(1, { ...request, plan });

      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      expect(await claimEventsOf(id)).toEqual(['task_claimed', 'executor_started']);
    });

    test('a first attempt leases, claims and starts in one API call', async () => {
      const { id, request, plan } = await docsTask('one-call');
      const calls: string[] = [];
      const counting: CollabClient = {
        ...api.workerClient,
        acquireLease: (body) => {
          calls.push('acquireLease');
          return api.workerClient.acquireLease(body);
        },
        claimTask: (taskId, body) => {
          calls.push('claimTask');
          return api.workerClient.claimTask(taskId, body);
        },
        transitionTask: (taskId, body, write) => {
          calls.push('transitionTask');
          return api.workerClient.transitionTask(taskId, body, write);
        },
      };
      const over = activitiesOver(counting);
      const begun = (await begin(1, { ...request, plan }, over)) as Extract<
        BeginTaskRunResult,
        { lease: unknown }
      >;

      expect(calls).toEqual(['claimTask']);
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      const lease = (await api.client.getState('locks')).data.leases.find(
        (held) => held.lock_id === begun.lease.lockId,
      );
      expect(lease).toMatchObject({
        holder: request.actor,
        resource: 'one-call.md',
        task_id: id,
        fencing_token: begun.lease.fencingToken,
      });
    });

    test('a first attempt whose one call landed but whose answer was lost: the retry finds its own lease and lands nothing twice', async () => {
      const { id, request, plan } = await docsTask('one-call-lost');
      const lost: CollabClient = {
        ...api.workerClient,
        claimTask: async (taskId, body) => {
          await api.workerClient.claimTask(taskId, body);
          throw new TypeError('fetch failed');
        },
      };
      const over = activitiesOver(lost);
      // Retryable: nothing is known to be held, so the activity's next attempt starts over.
      const failure: unknown = await begin(1, { ...request, plan }, over).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TypeError);
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');

      // The retry takes the separate calls: the lease it left is busy, so the workflow waits.
      expect(await begin(2, { ...request, plan })).toMatchObject({ busy: true });
      const held = (await api.client.getState('locks')).data.leases.find(
        (lease) => lease.task_id === id,
      );
      expect(held?.holder).toBe(request.actor);
      // Once that lease has ended, the claim under a new one finds the steps landed.
      await api.workerClient.releaseLease(held?.lock_id ?? '', { holder: request.actor });
      const lease = await activities.acquireTaskLease({
        taskId: id,
        resource: 'one-call-lost.md',
        holder: request.actor,
        ttlSeconds: 60,
      });
      await begin(1, { ...request, plan, held: { plan, lease } });
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      expect(await claimEventsOf(id)).toEqual(['task_claimed', 'executor_started']);
    });

    test('stops after a transient failure under the lease, saying what landed, so the workflow resumes', async () => {
      const { id, request, plan } = await docsTask('interrupted');
      // After a visible wait for the lease the claim is made step by step; the first move lands,
      // but its answer is lost on the way back.
      const flaky: CollabClient = {
        ...api.workerClient,
        transitionTask: async (taskId, body, write) => {
          const moved = await api.workerClient.transitionTask(taskId, body, write);
          if (body.to === 'claimed') throw new TypeError('fetch failed');
          return moved;
        },
      };
      const lease = await activities.acquireTaskLease({
        taskId: id,
        resource: 'interrupted.md',
        holder: request.actor,
        ttlSeconds: 60,
      });
      const failure: unknown = await begin(
        1,
        { ...request, held: { plan, lease } },
        activitiesOver(flaky),
      ).catch((error: unknown) => error);

      expect(failure).toMatchObject({ type: 'TaskRunInterrupted', nonRetryable: true });
      const [progress] = (failure as ApplicationFailure).details as [BeginTaskRunProgress];
      expect(progress).toMatchObject({ completedSteps: 0, resumable: true });
      expect(progress.lease?.holder).toBe(request.actor);
      expect((await api.client.getTask(id)).task.status).toBe('claimed');

      // The workflow's next step: the rest of the claim, as a resumed group.
      await new MockActivityEnvironment({ attempt: 1 }).run(
        (steps: CollabStep[]) => activities.runCollabSteps(steps, { resumed: true }),
        progress.claimSteps.slice(progress.completedSteps),
      );
      expect((await api.client.getTask(id)).task.status).toBe('in_progress');
      expect((await taskEvents(id)).map((event) => event.event)).toEqual([
        'lease_granted',
        'task_transitioned',
        'task_claimed',
        'task_transitioned',
        'executor_started',
      ]);
    });

    test('after this run already finished (its last workflow task lost), reports its result and holds nothing', async () => {
      const { id, actor, request, plan } = await docsTask('finished');
      const first = await beginLeased({ ...request, plan });
      const result = {
        summary: 'formatted 1 file',
        files_changed: ['finished.md'],
        artifacts: [],
        details: {},
      };
      // The finish step as the workflow sends it: review with executor_succeeded, then release.
      await new MockActivityEnvironment({ attempt: 1 }).run(
        (steps: CollabStep[]) => activities.runCollabSteps(steps),
        [
          {
            transition: {
              taskId: id,
              to: 'review',
              actor,
              fencingToken: first.lease.fencingToken,
              reason: result.summary,
              event: {
                event: 'executor_succeeded',
                details: { executor: 'docs/format', result, ...request.ids },
              },
            },
          },
          {
            release: {
              lockId: first.lease.lockId,
              holder: actor,
              details: { task_id: id, ...request.ids },
            },
          },
        ] satisfies CollabStep[],
      );

      // The workflow task that ran all of it was lost: the next one begins the run again.
      expect(await begin(1, { ...request, plan })).toEqual({ plan, finished: result });
      expect((await api.client.getTask(id)).task.status).toBe('review');
      const leases = (await api.client.getState('locks')).data.leases;
      expect(leases.filter((lease) => lease.holder === actor)).toEqual([]);
      expect(
        (await taskEvents(id))
          .filter((event) => event.details.run_id === request.ids.run_id)
          .map((event) => event.event),
      ).toEqual([
        'task_claimed',
        'executor_started',
        'executor_succeeded',
        'lease_released',
        'lease_released',
      ]);
    });
  });
});
