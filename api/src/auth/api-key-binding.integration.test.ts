import { describe, expect } from 'vitest';
import { ApiKeyListResponse } from '@kyros/contracts/schemas/auth';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

const createKey = (body: Record<string, unknown>) =>
  sendRaw(api.url, 'POST', '/auth/api-keys', { headers: api.auth.adminHeaders, body });

describe('API keys bound to an agent (docs/adr/0008)', () => {
  test('POST /auth/api-keys binds a key to agent_id; GET lists the binding and the service flag', async () => {
    const created = await createKey({ name: 'atlas', role: 'agent', agent_id: 'agent-atlas' });
    expect(created.status).toBe(201);
    expect(created.json?.api_key).toMatchObject({
      agent_id: 'agent-atlas',
      service: false,
      acts_as: 'agent-atlas',
    });
    const listed = await sendRaw(api.url, 'GET', '/auth/api-keys', {
      headers: api.auth.adminHeaders,
    });
    const keys = ApiKeyListResponse.parse(listed.json).api_keys;
    expect(keys.find((key) => key.name === 'atlas')).toMatchObject({ agent_id: 'agent-atlas' });
    expect(keys.find((key) => key.name === 'test-agent')).toMatchObject({
      agent_id: null,
      service: false,
      acts_as: 'api_key:test-agent',
    });
    expect(keys.find((key) => key.name === 'test-worker')).toMatchObject({
      agent_id: null,
      service: true,
      acts_as: 'workflow:<id>',
    });
    // The key acts as its agent from its first request.
    const me = await sendRaw(api.url, 'GET', '/auth/me', {
      headers: { authorization: `Bearer ${String(created.json?.secret)}` },
    });
    expect(me.json).toMatchObject({
      kind: 'api_key',
      actor: 'api_key:atlas',
      acts_as: 'agent-atlas',
    });
  });

  test('refuses a malformed agent id, or a key both bound and the service key, creating nothing', async () => {
    await expectUnchanged(
      () => snapshotRows(api.auth.prisma, ['apiKey']),
      async () => {
        for (const body of [
          { name: 'bad', role: 'agent', agent_id: 'Agent Atlas' },
          { name: 'both', role: 'agent', agent_id: 'agent-atlas', service: true },
        ]) {
          expectProblem(await createKey(body), 400, 'invalid');
        }
      },
    );
  });

  test('only an admin binds keys', async () => {
    // A key's first use stamps its last_used_at; that is not what is under test here.
    await sendRaw(api.url, 'GET', '/auth/me', { headers: api.authHeaders });
    await expectUnchanged(
      () => snapshotRows(api.auth.prisma, ['apiKey']),
      async () => {
        const answer = await sendRaw(api.url, 'POST', '/auth/api-keys', {
          headers: api.authHeaders,
          body: { name: 'self', role: 'agent', agent_id: 'agent-atlas' },
        });
        expectProblem(answer, 403, 'forbidden');
      },
    );
  });
});
