import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { committedState } from '@kyros/test-support/collab/collab-store-under-test';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

function tasksOnDisk() {
  return committedState(api, 'tasks');
}

async function eventsOfType(type: string) {
  return (await api.log.readAfter(0, { type: [type] }, 1000)).events;
}

describe('tasks over HTTP', () => {
  test('POST /collab/tasks creates the next T-<n> in queued, durably, with an event', async () => {
    const quill = await api.clientFor('agent-quill');
    const created = await quill.createTask({
      title: 'Write the runbook',
      dod: [{ item: 'Reviewed' }],
      labels: ['docs'],
    });
    expect(created.id).toBe('T-205');
    const { task, etag } = await api.client.getTask(created.id);
    expect(etag).toBe(created.etag);
    expect(task).toMatchObject({
      status: 'queued',
      version: 1,
      assignee: null,
      dod: [{ item: 'Reviewed', done: false }],
    });
    expect((await tasksOnDisk()).tasks.find((t) => t.id === 'T-205')).toEqual(task);
    const [event] = (await eventsOfType('task_created')).filter((e) => e.target === 'T-205');
    // The actor is the agent the credential is bound to.
    expect(event).toMatchObject({ actor: 'agent-quill', details: { task_id: 'T-205' } });
  });

  test('answers 201 with Location and ETag headers', async () => {
    const response = await sendRaw(api.url, 'POST', '/collab/tasks', {
      body: { title: 'x' },
      headers: api.authHeaders,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/collab/tasks/${String(response.json?.id)}`);
    expect(response.headers.get('etag')).toBe(response.json?.etag);
  });

  test('creates with a chosen id only once under If-None-Match: *', async () => {
    await api.client.createTask({ id: 'T-900', title: 'chosen' }, { ifNoneMatch: '*' });
    const again = await api.client
      .createTask({ id: 'T-900', title: 'again' }, { ifNoneMatch: '*' })
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ApiError);
    expect((again as ApiError).status).toBe(412);
    expect((again as ApiError).problem.current).toMatchObject({ title: 'chosen' });
  });

  test('PATCH applies a JSON merge patch under the task ETag and returns the new one', async () => {
    const { id } = await api.client.createTask({ title: 'patch me', metadata: { a: 1, b: 2 } });
    const { etag } = await api.client.getTask(id);
    const patched = await api.client.patchTask(
      id,
      { description: 'now described', metadata: { a: null, c: 3 }, labels: ['x'] },
      { ifMatch: etag },
    );
    expect(patched.etag).not.toBe(etag);
    expect(patched.task).toMatchObject({
      version: 2,
      description: 'now described',
      metadata: { b: 2, c: 3 },
      labels: ['x'],
    });
    expect((await api.client.getTask(id)).etag).toBe(patched.etag);
    const [event] = (await eventsOfType('task_updated')).filter((e) => e.target === id);
    expect(event?.details).toMatchObject({
      version: 2,
      fields: ['description', 'labels', 'metadata'],
    });
  });

  test('PATCH that changes nothing keeps the version and writes nothing', async () => {
    const { id } = await api.client.createTask({ title: 'steady' });
    const { etag } = await api.client.getTask(id);
    const before = api.store.tasks.doc.version;
    const same = await api.client.patchTask(id, { title: 'steady' }, { ifMatch: etag });
    expect(same.etag).toBe(etag);
    expect(api.store.tasks.doc.version).toBe(before);
  });

  test('editing one task never invalidates another task’s ETag', async () => {
    const a = await api.client.createTask({ title: 'a' });
    const b = await api.client.createTask({ title: 'b' });
    await api.client.patchTask(a.id, { title: 'a2' }, { ifMatch: a.etag });
    const patched = await api.client.patchTask(b.id, { title: 'b2' }, { ifMatch: b.etag });
    expect(patched.task.title).toBe('b2');
  });

  test('GET /collab/tasks/{id} answers 304 to a current If-None-Match', async () => {
    const { etag } = await api.client.getTask('T-100');
    const response = await sendRaw(api.url, 'GET', '/collab/tasks/T-100', {
      headers: { ...api.authHeaders, 'if-none-match': etag },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
  });

  test('walks the whole state machine, with a changes-requested back-edge', async () => {
    const { id } = await api.client.createTask({ title: 'walk', dod: [{ item: 'Tested' }] });
    const atlas = await api.clientFor('agent-atlas');
    const move = (to: Parameters<typeof api.client.transitionTask>[1]['to']) =>
      atlas.transitionTask(id, { to, actor: 'agent-atlas', reason: `to ${to}` });
    expect(await move('claimed')).toMatchObject({ old_status: 'queued', new_status: 'claimed' });
    expect((await api.client.getTask(id)).task.assignee).toBe('agent-atlas');
    await move('in_progress');
    await move('review');
    expect(await move('in_progress')).toMatchObject({ old_status: 'review' });
    await move('review');
    await move('approved');
    const { etag } = await api.client.getTask(id);
    await api.client.patchTask(id, { dod: [{ item: 'Tested', done: true }] }, { ifMatch: etag });
    await move('merging');
    expect(await move('done')).toEqual(expect.objectContaining({ new_status: 'done' }));
    const transitions = (await eventsOfType('task_transitioned')).filter((e) => e.target === id);
    expect(transitions.map((e) => e.details.to)).toEqual([
      'claimed',
      'in_progress',
      'review',
      'in_progress',
      'review',
      'approved',
      'merging',
      'done',
    ]);
  });

  test('unclaiming returns the task to the queue and frees it', async () => {
    const { id } = await api.client.createTask({ title: 'unclaim' });
    const iris = await api.clientFor('agent-iris');
    await iris.transitionTask(id, { to: 'claimed' });
    expect((await api.client.getTask(id)).task.assignee).toBe('agent-iris');
    await iris.transitionTask(id, { to: 'queued', reason: 'blocked' });
    expect((await api.client.getTask(id)).task).toMatchObject({ status: 'queued', assignee: null });
  });

  test('a transition with an event records both, in order, in one write as the mover', async () => {
    const { id } = await api.client.createTask({ title: 'with event' });
    const atlas = await api.clientFor('agent-atlas');
    await atlas.transitionTask(id, {
      to: 'claimed',
      event: { event: 'task_claimed', details: { lock_id: 'L-1' } },
    });
    const { events } = await api.log.readAfter(0, { task: [id] }, 1000);
    const [created, transitioned, claimed] = events;
    expect(created?.event).toBe('task_created');
    expect(transitioned).toMatchObject({ event: 'task_transitioned', details: { to: 'claimed' } });
    expect(claimed).toMatchObject({
      id: (transitioned?.id ?? 0) + 1,
      event: 'task_claimed',
      actor: 'agent-atlas',
      target: id,
      details: { task_id: id, lock_id: 'L-1' },
    });
    expect(events).toHaveLength(3);
  });

  test('a transition with `then` makes both moves in one write, the events in the order of two calls', async () => {
    const { id } = await api.client.createTask({ title: 'then' });
    const atlas = await api.clientFor('agent-atlas');
    const moved = await atlas.transitionTask(id, {
      to: 'claimed',
      event: { event: 'task_claimed', details: { lock_id: 'L-1' } },
      then: { to: 'in_progress', event: { event: 'executor_started', details: { n: 1 } } },
    });
    expect(moved).toMatchObject({ old_status: 'queued', new_status: 'in_progress' });
    const { events } = await api.log.readAfter(0, { task: [id] }, 1000);
    expect(events.map((event) => [event.event, event.details.to, event.details.version])).toEqual([
      ['task_created', undefined, 1],
      ['task_transitioned', 'claimed', 2],
      ['task_claimed', undefined, undefined],
      ['task_transitioned', 'in_progress', 3],
      ['executor_started', undefined, undefined],
    ]);
    expect(events[4]).toMatchObject({ actor: 'agent-atlas', details: { task_id: id, n: 1 } });
    expect((await api.client.getTask(id)).task).toMatchObject({
      status: 'in_progress',
      assignee: 'agent-atlas',
      version: 3,
    });
  });

  test('a refused transition records neither it nor its event', async () => {
    const { id } = await api.client.createTask({ title: 'refused with event' });
    const refused = await api.client
      .transitionTask(id, { to: 'review', event: { event: 'executor_succeeded', details: {} } })
      .catch((error: unknown) => error);
    expect((refused as ApiError).status).toBe(409);
    const { events } = await api.log.readAfter(0, { task: [id] }, 1000);
    expect(events.map((event) => event.event)).toEqual(['task_created']);
  });

  test('a transition with a stale If-Match is refused with 412', async () => {
    const { id, etag } = await api.client.createTask({ title: 'pinned' });
    await api.client.patchTask(id, { title: 'pinned 2' }, { ifMatch: etag });
    const refused = await api.client
      .transitionTask(id, { to: 'claimed' }, { ifMatch: etag })
      .catch((error: unknown) => error);
    expect((refused as ApiError).status).toBe(412);
  });
});
