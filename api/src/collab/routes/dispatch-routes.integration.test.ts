import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client/kyros-client';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.override({ collabSeed: 'none' });
test.beforeAll(({ api: started }) => {
  api = started;
});

function refusal(promise: Promise<unknown>): Promise<ApiError> {
  return promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (error: unknown) => {
      if (error instanceof ApiError) return error;
      throw error;
    },
  );
}

describe('conflict-aware dispatch over HTTP', () => {
  test('next skips a ready task whose resources are leased, and says which lease blocks it', async () => {
    const alice = await api.clientFor('agent-alice');
    const blocked = await alice.createTask({
      title: 'touches src',
      priority: 'critical',
      resources: ['src/**'],
    });
    const free = await alice.createTask({ title: 'touches docs', resources: ['./docs/'] });
    const held = await alice.acquireLease({ resource: 'src/app.ts', ttl_seconds: 60 });

    const next = await api.client.nextTask();
    expect(next.task?.id).toBe(free.id);
    expect(next.task?.resources).toEqual(['docs']);
    expect(next.ready_but_blocked).toEqual([
      { task_id: blocked.id, blocked_by: [{ resource: 'src/**', lease: held.lease }] },
    ]);
    await alice.releaseLease(held.lock_id, {});
  });

  test('two agents racing to claim overlapping work: exactly one wins, the loser is told who holds it', async () => {
    const first = await api.client.createTask({ title: 'race a', resources: ['race/**'] });
    const second = await api.client.createTask({ title: 'race b', resources: ['race/x.md'] });
    const [bob, carol] = await Promise.all([
      api.clientFor('agent-bob'),
      api.clientFor('agent-carol'),
    ]);
    const attempts = await Promise.allSettled([
      bob.claimTask(first.id, { ttl_seconds: 60 }),
      carol.claimTask(second.id, { ttl_seconds: 60 }),
    ]);
    const won = attempts.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
    const lost = attempts.flatMap((each) =>
      each.status === 'rejected' ? [each.reason as ApiError] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0];
    const lease = winner?.leases[0]?.lease;
    expect(lost[0]?.status).toBe(409);
    expect(lost[0]?.problem).toMatchObject({
      holder: lease?.holder,
      lock_id: lease?.lock_id,
      expires_at: lease?.expires_at,
    });
    const { task } = await api.client.getTask(winner?.task_id ?? '');
    expect(task).toMatchObject({ status: 'claimed', assignee: lease?.holder });
    // The loser's task was left alone.
    const loserId = winner?.task_id === first.id ? second.id : first.id;
    expect((await api.client.getTask(loserId)).task.status).toBe('queued');
  });

  test('the claim fences the task: a write with an older token is refused', async () => {
    const dave = await api.clientFor('agent-dave');
    const { id } = await dave.createTask({ title: 'fenced', resources: ['fence/a', 'fence/b'] });
    const claim = await dave.claimTask(id, {});
    expect(claim.leases.map((grant) => grant.lease.resource)).toEqual(['fence/a', 'fence/b']);
    expect(claim.fencing_token).toBe(Math.max(...claim.leases.map((g) => g.fencing_token)));
    const stale = await refusal(
      dave.transitionTask(id, { to: 'in_progress' }, { fencingToken: claim.fencing_token - 1 }),
    );
    expect(stale.status).toBe(409);
    await dave.transitionTask(id, { to: 'in_progress' }, { fencingToken: claim.fencing_token });
  });

  test('a task that declares no resources needs them in the claim, and a refused move leases nothing', async () => {
    const erin = await api.clientFor('agent-erin');
    const { id } = await erin.createTask({ title: 'undeclared' });
    const missing = await refusal(erin.claimTask(id, {}));
    expect(missing.status).toBe(409);
    expect(missing.problem.detail).toMatch(/declares no resources/);
    const before = (await api.client.getState('locks')).data.fencing_token;
    const { id: blockedId } = await erin.createTask({
      title: 'waits',
      dependencies: [id],
      resources: ['waits'],
    });
    const refused = await refusal(erin.claimTask(blockedId, {}));
    expect(refused.status).toBe(409);
    expect(refused.problem.unmet_dependencies).toEqual([{ id, status: 'queued' }]);
    expect((await api.client.getState('locks')).data.fencing_token).toBe(before);
  });

  test('a claim records its own event with the lease and moves on with then, in one call; a refused then leases nothing', async () => {
    const gina = await api.clientFor('agent-gina');
    const { id } = await gina.createTask({ title: 'claim and start', resources: ['start/**'] });
    const claim = await gina.claimTask(id, {
      ttl_seconds: 60,
      event: { event: 'work_picked', details: { note: 'mine' } },
      then: { to: 'in_progress', event: { event: 'work_started', details: {} } },
    });
    expect(claim).toMatchObject({ old_status: 'queued', new_status: 'in_progress' });
    const [grant] = claim.leases;
    const events = (await api.client.listEvents({ task: [id], limit: 100 })).events;
    expect(events.map((event) => [event.event, event.details.to])).toEqual([
      ['task_created', undefined],
      ['lease_granted', undefined],
      ['task_transitioned', 'claimed'],
      ['work_picked', undefined],
      ['task_transitioned', 'in_progress'],
      ['work_started', undefined],
    ]);
    expect(events[3]).toMatchObject({
      actor: 'agent-gina',
      details: { task_id: id, note: 'mine', lock_id: grant?.lock_id, resource: 'start/**' },
    });

    const { id: other } = await gina.createTask({ title: 'cannot finish', resources: ['done/**'] });
    const before = (await api.client.getState('locks')).data.leases.length;
    const refused = await refusal(gina.claimTask(other, { then: { to: 'done' } }));
    expect(refused.status).toBe(409);
    expect((await api.client.getTask(other)).task.status).toBe('queued');
    expect((await api.client.getState('locks')).data.leases).toHaveLength(before);
  });

  test('a claim naming another actor, or with a malformed then, is refused and leases nothing', async () => {
    const hank = await api.clientFor('agent-hank');
    const { id } = await hank.createTask({ title: 'not yours', resources: ['hank/**'] });
    const before = (await api.client.getState('locks')).data.fencing_token;
    const other = await refusal(hank.claimTask(id, { actor: 'agent-ivy' }));
    expect(other.status).toBe(403);
    const malformed = await refusal(
      hank.claimTask(id, { then: { to: 'sideways' } } as unknown as Parameters<
        typeof hank.claimTask
      >[1]),
    );
    expect(malformed.status).toBe(400);
    expect((await api.client.getTask(id)).task.status).toBe('queued');
    expect((await api.client.getState('locks')).data.fencing_token).toBe(before);
  });

  test('check conflicts lists the live leases overlapping each glob, and refuses a bad glob', async () => {
    const frank = await api.clientFor('agent-frank');
    const held = await frank.acquireLease({ resource: 'pkg/lib', ttl_seconds: 30 });
    const answer = await api.client.checkConflicts(['pkg/**/*.ts', 'other']);
    expect(answer.clear).toBe(false);
    expect(answer.conflicts).toEqual([{ resource: 'pkg/**/*.ts', lease: held.lease }]);
    api.clock.advance(31);
    expect((await api.client.checkConflicts(['pkg/lib/x.ts'])).clear).toBe(true);
    expect((await refusal(api.client.checkConflicts(['../etc']))).status).toBe(400);
  });
});

describe('dispatch under concurrency', () => {
  test('twelve agents dispatching at once: every free task claimed once, no two live leases overlap', async ({
    apis,
  }) => {
    // A board of its own: the tasks left by the tests above would be next first.
    const swarm = await apis.start({ seed: 'none' });
    // Six groups whose tasks all lease the same folder (one claim per group can hold), and six
    // tasks with folders of their own; the agents loop next → claim until nothing is ready.
    const groups = Array.from({ length: 6 }, (_, group) => `swarm/g${group}/**`);
    for (const [group, glob] of groups.entries()) {
      for (let copy = 0; copy < 3; copy += 1) {
        await swarm.client.createTask({ title: `group ${group} copy ${copy}`, resources: [glob] });
      }
    }
    const loners = Array.from({ length: 6 }, (_, index) => `swarm/own${index}/file.ts`);
    for (const resource of loners) {
      await swarm.client.createTask({ title: `own ${resource}`, resources: [resource] });
    }
    const agents = await Promise.all(
      Array.from({ length: 12 }, (_, index) => swarm.clientFor(`agent-swarm-${index}`)),
    );
    const claims: { agent: number; taskId: string; resources: string[] }[] = [];
    await Promise.all(
      agents.map(async (agent, index) => {
        for (let round = 0; round < 60; round += 1) {
          const { task } = await agent.nextTask();
          if (!task?.resources?.[0]?.startsWith('swarm/')) return;
          try {
            const claim = await agent.claimTask(task.id, { ttl_seconds: 120 });
            claims.push({
              agent: index,
              taskId: claim.task_id,
              resources: claim.leases.map((grant) => grant.lease.resource),
            });
          } catch (error) {
            if (!(error instanceof ApiError) || error.status !== 409) throw error;
          }
        }
        throw new Error(`agent ${index} never ran out of ready work`);
      }),
    );
    const claimedIds = claims.map((claim) => claim.taskId);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    const leased = claims.flatMap((claim) => claim.resources).sort();
    expect(leased).toEqual([...groups, ...loners].sort());
    for (const claim of claims) {
      const { task } = await swarm.client.getTask(claim.taskId);
      expect(task).toMatchObject({ status: 'claimed', assignee: `agent-swarm-${claim.agent}` });
    }
  });
});
