import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

describe('GET /collab/state/{kind}', () => {
  test.each(['tasks', 'locks', 'agents'] as const)(
    'serves %s as {data, etag} with the ETag header',
    async (kind) => {
      const response = await sendRaw(api.url, 'GET', `/collab/state/${kind}`, {
        headers: api.authHeaders,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(response.json?.etag);
      expect(response.json?.etag).toMatch(/^"\d+-[0-9a-f]{16}"$/);
      expect(response.json?.data).toMatchObject({ version: expect.any(Number) as number });
    },
  );

  test('serves the log as {text, etag}', async () => {
    const state = await api.client.getState('log');
    expect(state.text).toMatch(/^# Kyros collaboration log/);
  });

  test('answers 304 to a current If-None-Match, and 200 once the kind changed', async () => {
    const { etag } = await api.client.getState('tasks');
    expect(await api.client.getStateIfChanged('tasks', etag)).toBeNull();
    await api.client.createTask({ title: 'changes the board' });
    const changed = await api.client.getStateIfChanged('tasks', etag);
    expect(changed?.etag).not.toBe(etag);
    expect(changed?.data.version).toBeGreaterThan(Number(etag.slice(1).split('-')[0]));
  });

  test('gives the log a new ETag when text is appended to it', async () => {
    const { etag } = await api.client.getState('log');
    expect(await api.client.getStateIfChanged('log', etag)).toBeNull();
    await appendFile(path.join(api.dir, 'logs', 'log.md'), '\n## more\n');
    expect((await api.client.getStateIfChanged('log', etag))?.text).toMatch(/## more\n$/);
  });
});

describe('OpenAPI', () => {
  test('documents every collaboration route', async () => {
    const response = await sendRaw(api.url, 'GET', '/openapi.json');
    const paths = response.json?.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /collab/state/{kind}',
        'POST /collab/tasks',
        'GET /collab/tasks/{id}',
        'PATCH /collab/tasks/{id}',
        'POST /collab/tasks/{id}/transition',
        'POST /collab/leases/acquire',
        'POST /collab/leases/{lockId}/heartbeat',
        'POST /collab/leases/{lockId}/release',
        'POST /collab/leases/reclaim',
        'GET /collab/agents',
        'GET /collab/agents/{id}',
        'PATCH /collab/agents/{id}',
        'POST /collab/agents/{id}/heartbeat',
      ]),
    );
  });

  test('documents no X-Actor header: who acts comes from the credential (ADR 0008)', async () => {
    const response = await sendRaw(api.url, 'GET', '/openapi.json');
    expect(JSON.stringify(response.json).toLowerCase()).not.toContain('x-actor');
    const schemas = (response.json?.components as { schemas: Record<string, unknown> }).schemas;
    for (const name of ['AcquireLeaseRequest', 'TransitionTaskRequest', 'AppendEventRequest']) {
      expect(schemas[name]).toMatchObject({ properties: { acting_for: { type: 'string' } } });
    }
  });

  test('documents the optional event a transition records in the same write', async () => {
    const response = await sendRaw(api.url, 'GET', '/openapi.json');
    const schemas = (response.json?.components as { schemas: Record<string, unknown> }).schemas;
    const transition = schemas.TransitionTaskRequest as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(transition.properties.event).toEqual({ $ref: '#/components/schemas/TransitionEvent' });
    expect(transition.required).toEqual(['to']);
    expect(schemas.TransitionEvent).toMatchObject({
      properties: { event: { type: 'string' }, details: { type: 'object' } },
      required: ['event'],
    });
  });
});

describe('agents', () => {
  test('GET /collab/agents lists every agent with its own ETag', async () => {
    const list = await api.client.listAgents();
    expect(list.agents.map((a) => a.agent.id)).toEqual([
      'agent-atlas',
      'agent-iris',
      'agent-sentinel',
      'agent-quill',
    ]);
    expect(new Set(list.agents.map((a) => a.etag)).size).toBe(4);
  });

  test('PATCH toggles availability under If-Match and records agent_updated', async () => {
    const { etag } = await api.client.getAgent('agent-iris');
    const patched = await api.client.patchAgent(
      'agent-iris',
      { available: false },
      { ifMatch: etag },
    );
    expect(patched.agent).toMatchObject({ available: false, version: 2 });
    const stale = await api.client
      .patchAgent('agent-iris', { available: true }, { ifMatch: etag })
      .catch((error: unknown) => error);
    expect((stale as ApiError).status).toBe(412);
    const events = await api.log.readAfter(
      0,
      { agent: ['agent-iris'], type: ['agent_updated'] },
      10,
    );
    expect(events.events[0]).toMatchObject({
      actor: 'api_key:test-agent',
      details: { available: false, fields: ['available'] },
    });
  });

  test('heartbeat updates last_seen from the clock; an offline agent comes back idle', async () => {
    api.clock.advance(60);
    const quill = await api.clientFor('agent-quill');
    const beat = await quill.heartbeatAgent('agent-quill');
    expect(beat.agent).toMatchObject({ status: 'idle', last_seen: api.clock.now().toISOString() });
    const busy = await quill.heartbeatAgent('agent-quill', { status: 'busy' });
    expect(busy.agent.status).toBe('busy');
    expect(busy.etag).not.toBe(beat.etag);
  });
});
