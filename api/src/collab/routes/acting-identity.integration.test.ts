import { describe, expect } from 'vitest';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { sendRaw, snapshotDisk } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

// Identity comes from the credential (docs/adr/0008): a key bound to an agent acts only as that
// agent, the service key only as workflows, an admin for someone else only with acting_for.
let api: InProcessApi;
let atlas: CollabClient;
let iris: CollabClient;
test.beforeAll(async ({ api: started }) => {
  api = started;
  atlas = await api.clientFor('agent-atlas');
  iris = await api.clientFor('agent-iris');
});

/** Sends each request with `headers` and expects a 403 `code` for all, with the disk unchanged. */
async function expectAllRefused(
  headers: Record<string, string>,
  code: string,
  requests: { method: string; path: string; body?: unknown }[],
): Promise<void> {
  await expectUnchanged(
    () => snapshotDisk(api.dir),
    async () => {
      for (const request of requests) {
        const answer = await sendRaw(api.url, request.method, request.path, {
          headers,
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        expectProblem(answer, 403, code);
      }
    },
  );
}

async function keyHeaders(role: string, extra: Record<string, unknown> = {}) {
  const created = await sendRaw(api.url, 'POST', '/auth/api-keys', {
    headers: api.auth.adminHeaders,
    body: { name: `${role}-${Object.keys(extra).join('-') || 'plain'}`, role, ...extra },
  });
  expect(created.status).toBe(201);
  return { authorization: `Bearer ${String(created.json?.secret)}` };
}

describe('a bound key acts only as its agent', () => {
  test('A cannot heartbeat, release or transition as B, nor post events as B: 403 and nothing written', async () => {
    const grant = await iris.acquireLease({ resource: 'identity/b/**', ttl_seconds: 60 });
    expect(grant.lease.holder).toBe('agent-iris');
    const lease = `/collab/leases/${grant.lock_id}`;
    await expectAllRefused(await api.headersFor('agent-atlas'), 'identity_mismatch', [
      { method: 'POST', path: `${lease}/heartbeat`, body: { holder: 'agent-iris' } },
      { method: 'POST', path: `${lease}/release`, body: { holder: 'agent-iris' } },
      {
        method: 'POST',
        path: '/collab/leases/acquire',
        body: { resource: 'identity/other', holder: 'agent-iris', ttl_seconds: 60 },
      },
      {
        method: 'POST',
        path: '/collab/tasks/T-100/transition',
        body: { to: 'claimed', actor: 'agent-iris' },
      },
      {
        method: 'POST',
        path: '/collab/events',
        body: { event: 'note_added', actor: 'agent-iris', target: 'T-100' },
      },
      { method: 'POST', path: '/collab/agents/agent-iris/heartbeat', body: {} },
      { method: 'POST', path: '/collab/leases/reclaim', body: { actor: 'agent-iris' } },
    ]);
    // Without naming B, A is itself, and B's lease is not its own.
    await expectAllRefused(await api.headersFor('agent-atlas'), 'forbidden', [
      { method: 'POST', path: `${lease}/heartbeat`, body: {} },
      { method: 'POST', path: `${lease}/release`, body: {} },
    ]);
    const { data } = await api.client.getState('locks');
    expect(data.leases.find((held) => held.lock_id === grant.lock_id)?.holder).toBe('agent-iris');
    await iris.releaseLease(grant.lock_id, {});
  });

  test('the refusal names the credential and why, as problem+json', async () => {
    const answer = await sendRaw(api.url, 'POST', '/collab/events', {
      headers: await api.headersFor('agent-atlas'),
      body: { event: 'note_added', actor: 'agent-iris', target: 'T-100' },
    });
    const problem = expectProblem(answer, 403, 'identity_mismatch');
    expect(problem).toMatchObject({
      reason: 'not_your_identity',
      credential: 'api_key:key-agent-atlas',
    });
    expect(problem.detail).toMatch(/acts as agent-atlas, not agent-iris/);
  });

  test('a bound key acting as itself works, named or not, and every record carries its agent id', async () => {
    const grant = await atlas.acquireLease({ resource: 'identity/a/**', ttl_seconds: 60 });
    await atlas.heartbeatLease(grant.lock_id, { holder: 'agent-atlas' });
    await atlas.releaseLease(grant.lock_id, {});
    const { id } = await atlas.createTask({ title: 'identity walk' });
    await atlas.transitionTask(id, { to: 'claimed' });
    await atlas.transitionTask(id, { to: 'in_progress', actor: 'agent-atlas' });
    await atlas.appendEvent({ event: 'note_added', target: id });
    await atlas.heartbeatAgent('agent-atlas', { status: 'busy' });

    expect((await api.client.getTask(id)).task.assignee).toBe('agent-atlas');
    const { events } = await api.log.readAfter(0, {}, 10_000);
    const ours = events.filter((event) => [grant.lock_id, id].includes(event.target));
    expect(ours.map((event) => [event.event, event.actor])).toEqual([
      ['lease_granted', 'agent-atlas'],
      ['lease_renewed', 'agent-atlas'],
      ['lease_released', 'agent-atlas'],
      ['task_created', 'agent-atlas'],
      ['task_transitioned', 'agent-atlas'],
      ['task_transitioned', 'agent-atlas'],
      ['note_added', 'agent-atlas'],
    ]);
    const [beat] = events.filter((event) => event.event === 'agent_updated');
    expect(beat).toMatchObject({ actor: 'agent-atlas', details: { status: 'busy' } });
  });

  test('10 bound keys at once: each gets its own file, none can renew or release another’s lease', async () => {
    const agents = Array.from({ length: 10 }, (_, i) => `agent-crowd-${i}`);
    const clients = await Promise.all(agents.map((agent) => api.clientFor(agent)));
    const grants = await Promise.all(
      clients.map((client, i) =>
        client.acquireLease({ resource: `crowd/${i}.txt`, ttl_seconds: 60 }),
      ),
    );
    expect(grants.map((grant) => grant.lease.holder)).toEqual(agents);
    const before = await snapshotDisk(api.dir);
    const stolen = await Promise.allSettled(
      clients.flatMap((client, i) =>
        grants
          .filter((_, j) => j !== i)
          .flatMap((grant) => [
            client.heartbeatLease(grant.lock_id, {}),
            client.releaseLease(grant.lock_id, {}),
            client.releaseLease(grant.lock_id, { holder: grant.lease.holder }),
          ]),
      ),
    );
    expect(stolen).toHaveLength(270);
    const statuses = stolen.map((attempt) =>
      attempt.status === 'rejected' ? (attempt.reason as { status: number }).status : 200,
    );
    expect(statuses.filter((status) => status === 403)).toHaveLength(270);
    expect(await snapshotDisk(api.dir)).toEqual(before);

    await Promise.all(
      clients.map((client, i) => client.releaseLease(grants[i]?.lock_id ?? '', {})),
    );
    const lockIds = new Set(grants.map((grant) => grant.lock_id));
    const { events } = await api.log.readAfter(
      0,
      { type: ['lease_granted', 'lease_renewed', 'lease_released'] },
      10_000,
    );
    const crowd = events.filter((event) => lockIds.has(event.target));
    expect(crowd.filter((event) => event.event === 'lease_granted')).toHaveLength(10);
    expect(crowd.filter((event) => event.event === 'lease_renewed')).toHaveLength(0);
    const released = crowd.filter((event) => event.event === 'lease_released');
    expect(released).toHaveLength(10);
    expect(released.every((event) => event.actor === event.details.agent)).toBe(true);
    const { data } = await api.client.getState('locks');
    expect(data.leases.filter((lease) => lockIds.has(lease.lock_id))).toEqual([]);
  });
});

describe('other credentials', () => {
  test('a viewer cannot act at all, not even as itself', async () => {
    await expectAllRefused(await keyHeaders('viewer'), 'forbidden', [
      { method: 'POST', path: '/collab/leases/acquire', body: { resource: 'v', ttl_seconds: 5 } },
      { method: 'POST', path: '/collab/tasks/T-100/transition', body: { to: 'claimed' } },
      { method: 'POST', path: '/collab/events', body: { event: 'note_added', target: 'T-100' } },
      { method: 'POST', path: '/collab/leases/reclaim', body: {} },
      { method: 'POST', path: '/collab/tasks', body: { title: 'viewer task' } },
    ]);
  });

  test('an unbound key acts only as api_key:<name>', async () => {
    const grant = await api.client.acquireLease({ resource: 'identity/unbound', ttl_seconds: 5 });
    expect(grant.lease.holder).toBe('api_key:test-agent');
    await api.client.releaseLease(grant.lock_id, { holder: 'api_key:test-agent' });
    await expectAllRefused(api.authHeaders, 'identity_mismatch', [
      {
        method: 'POST',
        path: '/collab/leases/acquire',
        body: { resource: 'identity/u', holder: 'agent-atlas', ttl_seconds: 5 },
      },
    ]);
  });

  test('the service key acts only as the workflow of the task it writes for', async () => {
    const { id } = await api.client.createTask({ title: 'workflow owned' });
    const own = `workflow:task-${id}`;
    const grant = await api.workerClient.acquireLease({
      resource: `identity/${id}/**`,
      holder: own,
      ttl_seconds: 60,
      task_id: id,
    });
    await api.workerClient.transitionTask(id, { to: 'claimed', actor: own });
    await api.workerClient.appendEvent({
      event: 'executor_started',
      actor: own,
      target: id,
      details: { task_id: id },
    });
    const service = { authorization: `Bearer ${api.auth.serviceKey}` };
    await expectAllRefused(service, 'identity_mismatch', [
      { method: 'POST', path: `/collab/tasks/${id}/transition`, body: { to: 'in_progress' } },
      {
        method: 'POST',
        path: `/collab/tasks/${id}/transition`,
        body: { to: 'in_progress', actor: 'workflow:task-T-100' },
      },
      {
        method: 'POST',
        path: '/collab/tasks/T-100/transition',
        body: { to: 'claimed', actor: own },
      },
      {
        method: 'POST',
        path: '/collab/events',
        body: { event: 'x', actor: 'agent-atlas', target: id, details: { task_id: id } },
      },
      {
        method: 'POST',
        path: '/collab/leases/acquire',
        body: { resource: 'identity/w', holder: own, ttl_seconds: 5, task_id: 'T-100' },
      },
    ]);
    await api.workerClient.releaseLease(grant.lock_id, { holder: own });
  });
});

describe('an admin acting for someone else', () => {
  test('needs an explicit acting_for, recorded in the event and an audit row', async () => {
    const admin = createKyrosClient({ baseUrl: api.url, credential: api.auth.adminToken }).collab;
    await expectAllRefused(api.auth.adminHeaders, 'identity_mismatch', [
      {
        method: 'POST',
        path: '/collab/leases/acquire',
        body: { resource: 'identity/admin', holder: 'agent-quill', ttl_seconds: 5 },
      },
    ]);
    const grant = await admin.acquireLease({
      resource: 'identity/admin',
      acting_for: 'agent-quill',
      ttl_seconds: 60,
    });
    expect(grant.lease.holder).toBe('agent-quill');
    // The agent it was taken for may now renew and release it itself.
    const quill = await api.clientFor('agent-quill');
    await quill.heartbeatLease(grant.lock_id, {});
    await quill.releaseLease(grant.lock_id, {});

    const [granted] = (
      await api.log.readAfter(0, { type: ['lease_granted'] }, 10_000)
    ).events.filter((event) => event.target === grant.lock_id);
    const adminActor = `user:${api.auth.admin.email}`;
    expect(granted).toMatchObject({
      actor: 'agent-quill',
      details: { acting_for: 'agent-quill', acted_by: adminActor },
    });
    const audit = await api.auth.prisma.auditEvent.findMany({
      where: { action: 'lease.acquired', targetId: grant.lock_id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: adminActor,
      targetType: 'lease',
      payload: { acting_for: 'agent-quill' },
    });
  });

  test('acting_for from an operator is refused and writes nothing', async () => {
    await expectAllRefused(await keyHeaders('operator'), 'identity_mismatch', [
      {
        method: 'POST',
        path: '/collab/leases/acquire',
        body: { resource: 'identity/op', acting_for: 'agent-quill', ttl_seconds: 5 },
      },
      {
        method: 'POST',
        path: '/collab/tasks/T-100/transition',
        body: { to: 'claimed', acting_for: 'agent-quill' },
      },
    ]);
  });
});
