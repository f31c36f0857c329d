import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { committedState } from '@kyros/test-support/collab/collab-store-under-test';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

async function eventsOfType(type: string) {
  return (await api.log.readAfter(0, { type: [type] }, 1000)).events;
}

describe("a transition that releases the mover's lease (`release_lease`)", () => {
  test("a transition with `release_lease` releases the mover's lease after the move, once", async () => {
    const { id } = await api.client.createTask({ title: 'release' });
    const atlas = await api.clientFor('agent-atlas');
    const lease = await atlas.acquireLease({
      resource: 'release.md',
      ttl_seconds: 60,
      task_id: id,
    });
    await atlas.transitionTask(id, { to: 'claimed' });
    await atlas.transitionTask(id, { to: 'in_progress' });
    const moved = await atlas.transitionTask(
      id,
      {
        to: 'review',
        event: { event: 'executor_succeeded', details: {} },
        release_lease: { lock_id: lease.lock_id, details: { run_id: 'r-1' } },
      },
      { fencingToken: lease.fencing_token },
    );
    expect(moved).toMatchObject({ new_status: 'review', lease_released: true });
    const { events } = await api.log.readAfter(0, { task: [id] }, 1000);
    expect(events.slice(-3).map((event) => event.event)).toEqual([
      'task_transitioned',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(events.at(-1)).toMatchObject({
      target: lease.lock_id,
      details: { run_id: 'r-1', task_id: id, agent: 'agent-atlas' },
    });
    const releasedAgain = await atlas
      .releaseLease(lease.lock_id, {})
      .catch((error: unknown) => error);
    expect((releasedAgain as ApiError).status).toBe(409);

    // A lease that has already ended is an answer, not an error: the move is still made.
    const again = await atlas.transitionTask(id, {
      to: 'in_progress',
      release_lease: { lock_id: lease.lock_id },
    });
    expect(again).toMatchObject({ new_status: 'in_progress', lease_released: false });
  });

  test("`release_lease` naming another agent's lease moves the task, answers false and leaves the lease", async () => {
    const { id } = await api.client.createTask({ title: 'not yours' });
    const atlas = await api.clientFor('agent-atlas');
    const quill = await api.clientFor('agent-quill');
    const lease = await atlas.acquireLease({
      resource: 'not-yours.md',
      ttl_seconds: 60,
      task_id: id,
    });
    const moved = await quill.transitionTask(id, {
      to: 'claimed',
      release_lease: { lock_id: lease.lock_id },
    });
    expect(moved).toMatchObject({ new_status: 'claimed', lease_released: false });
    const { leases } = await committedState(api, 'locks');
    expect(leases.find((each) => each.lock_id === lease.lock_id)).toEqual(lease.lease);
    expect(await eventsOfType('lease_released')).not.toContainEqual(
      expect.objectContaining({ target: lease.lock_id }),
    );
  });

  test('12 agents at once: each moves its own task twice and releases its lease in one call', async () => {
    const agents = Array.from({ length: 12 }, (_, i) => `agent-crowd-${i + 1}`);
    const runs = await Promise.all(
      agents.map(async (agent) => {
        const client = await api.clientFor(agent);
        const { id } = await api.client.createTask({ title: `crowd ${agent}` });
        const lease = await client.acquireLease({
          resource: `crowd/${agent}.md`,
          ttl_seconds: 60,
          task_id: id,
        });
        await client.transitionTask(id, { to: 'claimed' });
        return { agent, client, id, lease };
      }),
    );
    const answers = await Promise.all(
      runs.map(({ client, id, lease }) =>
        client.transitionTask(
          id,
          {
            to: 'in_progress',
            then: { to: 'review', event: { event: 'executor_succeeded', details: {} } },
            release_lease: { lock_id: lease.lock_id },
          },
          { fencingToken: lease.fencing_token },
        ),
      ),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ new_status: 'review', lease_released: true });
    }
    const { leases } = await committedState(api, 'locks');
    const held = new Set(leases.map((each) => each.lock_id));
    for (const { agent, id, lease } of runs) {
      expect(held.has(lease.lock_id)).toBe(false);
      expect((await api.client.getTask(id)).task).toMatchObject({ status: 'review', version: 4 });
      const { events } = await api.log.readAfter(0, { task: [id] }, 1000);
      expect(events.map((event) => [event.event, event.actor])).toEqual([
        ['task_created', expect.any(String)],
        ['lease_granted', agent],
        ['task_transitioned', agent],
        ['task_transitioned', agent],
        ['task_transitioned', agent],
        ['executor_succeeded', agent],
        ['lease_released', agent],
      ]);
    }
  });
});
