// Long file: the lease contract over HTTP (acquire, conflict, heartbeat, release, reclaim,
// fencing of task writes) on one server, one case per rule.
import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

function failure(promise: Promise<unknown>): Promise<ApiError> {
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

async function eventsOfType(type: string) {
  return (await api.log.readAfter(0, { type: [type] }, 1000)).events;
}

describe('leases over HTTP', () => {
  test('20 concurrent acquirers of one resource: exactly one winner, the others get 409 with holder and expiry', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, i) =>
        (await api.clientFor(`agent-${i}`)).acquireLease({
          resource: 'docs/race.md',
          holder: `agent-${i}`,
          ttl_seconds: 60,
        }),
      ),
    );
    const winners = attempts.filter((a) => a.status === 'fulfilled');
    const losers = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as ApiError] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    const winner = winners[0]?.status === 'fulfilled' ? winners[0].value : undefined;
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.problem).toMatchObject({
        holder: winner?.lease.holder,
        expires_at: winner?.expires_at,
        lock_id: winner?.lock_id,
      });
    }
    await (
      await api.clientFor(winner?.lease.holder ?? '')
    ).releaseLease(winner?.lock_id ?? '', { holder: winner?.lease.holder ?? '' });
  });

  test('fencing tokens strictly grow across grants, and lock ids follow them', async () => {
    const tokens: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const grant = await (
        await api.clientFor('agent-a')
      ).acquireLease({
        resource: 'src/fence.ts',
        holder: 'agent-a',
        ttl_seconds: 30,
      });
      tokens.push(grant.fencing_token);
      expect(grant.lock_id).toBe(`lease-${grant.fencing_token}`);
      await (await api.clientFor('agent-a')).releaseLease(grant.lock_id, { holder: 'agent-a' });
    }
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, async (_, i) =>
        (await api.clientFor('agent-b')).acquireLease({
          resource: `pkg/${i}/**`,
          holder: 'agent-b',
          ttl_seconds: 30,
        }),
      ),
    );
    tokens.push(...concurrent.map((grant) => grant.fencing_token).sort((a, b) => a - b));
    for (let i = 1; i < tokens.length; i += 1)
      expect(tokens[i]).toBeGreaterThan(tokens[i - 1] ?? 0);
    expect(new Set(tokens).size).toBe(tokens.length);
    const { data } = await api.client.getState('locks');
    expect(data.fencing_token).toBe(Math.max(...tokens));
  });

  test('overlapping globs conflict: docs/** blocks docs/a.md, src/*.ts blocks src/x.ts; disjoint ones do not', async () => {
    const docs = await (
      await api.clientFor('agent-a')
    ).acquireLease({
      resource: 'docs/**',
      holder: 'agent-a',
      ttl_seconds: 30,
    });
    const src = await (
      await api.clientFor('agent-a')
    ).acquireLease({
      resource: 'src/*.ts',
      holder: 'agent-a',
      ttl_seconds: 30,
    });
    expect(
      (
        await failure(
          (await api.clientFor('agent-b')).acquireLease({
            resource: 'docs/a.md',
            holder: 'agent-b',
            ttl_seconds: 30,
          }),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await failure(
          (await api.clientFor('agent-b')).acquireLease({
            resource: './src//x.ts',
            holder: 'agent-b',
            ttl_seconds: 30,
          }),
        )
      ).problem.resource,
    ).toBe('src/*.ts');
    const other = await (
      await api.clientFor('agent-b')
    ).acquireLease({
      resource: 'src/lib/x.ts',
      holder: 'agent-b',
      ttl_seconds: 30,
    });
    expect(other.lease.resource).toBe('src/lib/x.ts');
    for (const grant of [docs, src, other]) {
      await (
        await api.clientFor(grant.lease.holder)
      ).releaseLease(grant.lock_id, { holder: grant.lease.holder });
    }
  });

  test('heartbeat renews from now; expiry is heartbeat_at + ttl', async () => {
    const grant = await (
      await api.clientFor('agent-a')
    ).acquireLease({
      resource: 'hb/file',
      holder: 'agent-a',
      ttl_seconds: 10,
    });
    api.clock.advance(8);
    const renewed = await (
      await api.clientFor('agent-a')
    ).heartbeatLease(grant.lock_id, {
      holder: 'agent-a',
      ttl_seconds: 20,
    });
    expect(Date.parse(renewed.expires_at) - Date.parse(renewed.lease.heartbeat_at)).toBe(20_000);
    expect(renewed.fencing_token).toBe(grant.fencing_token);
    api.clock.advance(15);
    expect((await api.client.reclaimLeases()).reclaimed.map((l) => l.lock_id)).not.toContain(
      grant.lock_id,
    );
    const [event] = (await eventsOfType('lease_renewed')).filter((e) => e.target === grant.lock_id);
    expect(event?.details).toMatchObject({ expires_at: renewed.expires_at, agent: 'agent-a' });
    await (await api.clientFor('agent-a')).releaseLease(grant.lock_id, { holder: 'agent-a' });
  });

  test('an expired lease is reclaimed with lease_reclaimed, and the resource is free again', async () => {
    const grant = await (
      await api.clientFor('agent-slow')
    ).acquireLease({
      resource: 'stale/**',
      holder: 'agent-slow',
      ttl_seconds: 5,
      task_id: 'T-103',
    });
    api.clock.advance(5);
    expect((await api.client.reclaimLeases()).reclaimed).toEqual([]);
    api.clock.advance(1);
    const { reclaimed } = await api.client.reclaimLeases();
    expect(reclaimed.map((l) => l.lock_id)).toEqual([grant.lock_id]);
    const [event] = (await eventsOfType('lease_reclaimed')).filter(
      (e) => e.target === grant.lock_id,
    );
    // The reclaimer is whoever the credential acts as: here the unbound test key.
    expect(event).toMatchObject({
      actor: 'api_key:test-agent',
      details: { holder: 'agent-slow', resource: 'stale/**', task_id: 'T-103' },
    });
    const { data } = await api.client.getState('locks');
    expect(data.leases.map((l) => l.lock_id)).not.toContain(grant.lock_id);
    const next = await (
      await api.clientFor('agent-fast')
    ).acquireLease({
      resource: 'stale/x',
      holder: 'agent-fast',
      ttl_seconds: 5,
    });
    await (await api.clientFor('agent-fast')).releaseLease(next.lock_id, { holder: 'agent-fast' });
  });

  test('acquiring over a stale overlapping lease reclaims it in the same write', async () => {
    const old = await (
      await api.clientFor('agent-old')
    ).acquireLease({
      resource: 'takeover/a',
      holder: 'agent-old',
      ttl_seconds: 1,
    });
    api.clock.advance(2);
    const fresh = await (
      await api.clientFor('agent-new')
    ).acquireLease({
      resource: 'takeover/**',
      holder: 'agent-new',
      ttl_seconds: 30,
    });
    const [event] = (await eventsOfType('lease_reclaimed')).filter((e) => e.target === old.lock_id);
    expect(event).toMatchObject({ actor: 'agent-new' });
    await (await api.clientFor('agent-new')).releaseLease(fresh.lock_id, { holder: 'agent-new' });
  });

  test('grant, renewal and release are events', async () => {
    const grant = await (
      await api.clientFor('agent-e')
    ).acquireLease({
      resource: 'evented',
      holder: 'agent-e',
      ttl_seconds: 30,
    });
    await (await api.clientFor('agent-e')).heartbeatLease(grant.lock_id, { holder: 'agent-e' });
    await (await api.clientFor('agent-e')).releaseLease(grant.lock_id, { holder: 'agent-e' });
    const events = (await api.log.readAfter(0, {}, 10_000)).events.filter(
      (e) => e.target === grant.lock_id,
    );
    expect(events.map((e) => e.event)).toEqual([
      'lease_granted',
      'lease_renewed',
      'lease_released',
    ]);
  });
});

describe('fencing task writes', () => {
  test('a paused holder whose lease was reclaimed cannot overwrite its successor: its stale token gets 409', async () => {
    const first = await (
      await api.clientFor('agent-paused')
    ).acquireLease({
      resource: 'fence/**',
      holder: 'agent-paused',
      ttl_seconds: 5,
      task_id: 'T-100',
    });
    api.clock.advance(6);
    await api.client.reclaimLeases();
    const second = await (
      await api.clientFor('agent-next')
    ).acquireLease({
      resource: 'fence/**',
      holder: 'agent-next',
      ttl_seconds: 30,
      task_id: 'T-100',
    });
    expect(second.fencing_token).toBeGreaterThan(first.fencing_token);

    const { etag } = await api.client.getTask('T-100');
    const successor = await api.client.patchTask(
      'T-100',
      { description: 'successor work' },
      { ifMatch: etag, fencingToken: second.fencing_token },
    );
    const stale = await failure(
      api.client.patchTask(
        'T-100',
        { description: 'stale overwrite' },
        { ifMatch: successor.etag, fencingToken: first.fencing_token },
      ),
    );
    expect(stale.status).toBe(409);
    expect(stale.problem.detail).toMatch(/stale/);
    expect(stale.problem.highest_fencing_token).toBe(second.fencing_token);
    const staleMove = await failure(
      (await api.clientFor('agent-paused')).transitionTask(
        'T-100',
        { to: 'claimed', actor: 'agent-paused' },
        { fencingToken: first.fencing_token },
      ),
    );
    expect(staleMove.status).toBe(409);
    expect((await api.client.getTask('T-100')).task.description).toBe('successor work');
    await (
      await api.clientFor('agent-next')
    ).releaseLease(second.lock_id, { holder: 'agent-next' });
  });

  test('a token for a task no lease ever covered is refused', async () => {
    const { etag } = await api.client.getTask('T-104');
    const refused = await failure(
      api.client.patchTask('T-104', { title: 'x' }, { ifMatch: etag, fencingToken: 1 }),
    );
    expect(refused.status).toBe(409);
    expect(refused.problem.detail).toMatch(/no lease with task_id T-104/);
  });
});
