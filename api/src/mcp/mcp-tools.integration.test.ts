// Long file: one MCP session per transport runs every tool scenario of issue 12 on one real stack,
// so the cases share their set-up instead of being spread over files that each start a stack.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect } from 'vitest';
import type { ClaimTaskResponse, NextTaskResponse } from '@kyros/contracts/schemas/collab-dispatch';
import { KYROS_TOOLS } from '@kyros/mcp/tool-catalogue';
import {
  problemOf,
  resourceJson,
  structuredOf,
  type McpTestStack,
  type McpTransportKind,
} from '@kyros/test-support/mcp/mcp-clients';
import { test } from '@kyros/test-support/fixtures/integration-test';

test.override({ collabSeed: 'none', apiOptions: { mcp: true } });

let stack: McpTestStack;
test.beforeAll(({ mcp }) => {
  stack = mcp;
});

async function clientAs(kind: McpTransportKind, agentId: string): Promise<Client> {
  return stack.connect(kind, await stack.api.auth.keyFor(agentId));
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return client.callTool({ name, arguments: args });
}

describe.each<McpTransportKind>(['http', 'stdio'])('MCP tools over %s', (kind) => {
  test('lists every tool with its input and output schema and annotations', async () => {
    const client = await clientAs(kind, `lister-${kind}`);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(KYROS_TOOLS.map((tool) => tool.name));
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(20);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({
        readOnlyHint: expect.any(Boolean) as boolean,
        destructiveHint: expect.any(Boolean) as boolean,
        idempotentHint: expect.any(Boolean) as boolean,
      });
    }
    const claim = tools.find((tool) => tool.name === 'claim_task');
    expect(claim?.inputSchema.required).toEqual(['id']);
    expect(claim?.inputSchema).toMatchObject({ additionalProperties: false });
    expect(tools.find((tool) => tool.name === 'get_task')?.annotations?.readOnlyHint).toBe(true);
  });

  test('runs the agent loop next → claim → heartbeat → event → transition → release, visible in REST and the log', async () => {
    const agent = `looper-${kind}`;
    const client = await clientAs(kind, agent);
    const { id } = await stack.api.client.createTask({
      title: `loop over ${kind}`,
      priority: 'critical',
      resources: [`loop-${kind}/**`],
    });

    const next = structuredOf<NextTaskResponse>(await call(client, 'next_task', {}));
    expect(next.task?.id).toBe(id);
    const claim = structuredOf<ClaimTaskResponse>(await call(client, 'claim_task', { id }));
    expect(claim).toMatchObject({ task_id: id, old_status: 'queued', new_status: 'claimed' });
    const lockIds = claim.leases.map((grant) => grant.lock_id);
    expect(claim.leases[0]?.lease.holder).toBe(agent);

    structuredOf(await call(client, 'heartbeat', { lock_ids: lockIds, ttl_seconds: 120 }));
    const reported = structuredOf<{ id: number }>(
      await call(client, 'append_event', {
        event: 'work_progress',
        target: id,
        details: { task_id: id, summary: 'halfway' },
      }),
    );
    structuredOf(
      await call(client, 'transition_task', {
        id,
        to: 'in_progress',
        fencing_token: claim.fencing_token,
      }),
    );
    expect(structuredOf(await call(client, 'release', { lock_ids: lockIds }))).toEqual({
      released: lockIds,
    });

    const { task } = await stack.api.client.getTask(id);
    expect(task).toMatchObject({ status: 'in_progress', assignee: agent });
    const locks = await stack.api.client.getState('locks');
    expect(locks.data.leases.filter((lease) => lease.task_id === id)).toEqual([]);
    const { events } = await stack.api.client.listEvents({ task: [id], limit: 1000 });
    expect(events.map((event) => [event.event, event.actor])).toEqual([
      ['task_created', 'api_key:test-agent'],
      ['lease_granted', agent],
      ['task_transitioned', agent],
      ['lease_renewed', agent],
      ['work_progress', agent],
      ['task_transitioned', agent],
      ['lease_released', agent],
    ]);
    expect(events.find((event) => event.event === 'work_progress')?.id).toBe(reported.id);
  });

  test('two agents racing for overlapping work: one wins, the other is told who holds it', async () => {
    const [first, second] = await Promise.all([
      stack.api.client.createTask({ title: 'race 1', resources: [`race-${kind}/**`] }),
      stack.api.client.createTask({ title: 'race 2', resources: [`race-${kind}/a.md`] }),
    ]);
    const [red, blue] = await Promise.all([
      clientAs(kind, `red-${kind}`),
      clientAs(kind, `blue-${kind}`),
    ]);
    const results = await Promise.all([
      call(red, 'claim_task', { id: first.id }),
      call(blue, 'claim_task', { id: second.id }),
    ]);
    const winners = results.filter((result) => !result.isError);
    const losers = results.filter((result) => result.isError);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const won = structuredOf<ClaimTaskResponse>(winners[0]);
    const lease = won.leases[0]?.lease;
    expect(problemOf(losers[0])).toMatchObject({
      status: 409,
      code: 'conflict',
      holder: lease?.holder,
      lock_id: lease?.lock_id,
      expires_at: lease?.expires_at,
    });
  });

  test('bad arguments are a tool error and change nothing', async () => {
    const client = await clientAs(kind, `careless-${kind}`);
    const { id } = await stack.api.client.createTask({ title: 'untouched', resources: ['x'] });
    const before = await Promise.all([
      stack.api.client.getState('tasks'),
      stack.api.client.getState('locks'),
    ]);
    const badArgs = await call(client, 'claim_task', { id, ttl_seconds: -5 });
    expect(badArgs.isError).toBe(true);
    const unknownTask = problemOf(await call(client, 'claim_task', { id: 'T-999999' }));
    expect(unknownTask).toMatchObject({ status: 404, code: 'not_found' });
    const illegal = problemOf(await call(client, 'transition_task', { id, to: 'done' }));
    expect(illegal).toMatchObject({ status: 409, allowed_moves: ['claimed'] });
    const after = await Promise.all([
      stack.api.client.getState('tasks'),
      stack.api.client.getState('locks'),
    ]);
    expect(after.map((state) => state.etag)).toEqual(before.map((state) => state.etag));
  });

  test('update_task handles If-Match itself and reports a stale ETag as a conflict with the current task', async () => {
    const client = await clientAs(kind, `editor-${kind}`);
    const { id, etag } = await stack.api.client.createTask({ title: 'before' });
    const updated = structuredOf<{ task: { title: string } }>(
      await call(client, 'update_task', { id, patch: { title: 'after' } }),
    );
    expect(updated.task.title).toBe('after');
    const stale = problemOf(
      await call(client, 'update_task', { id, patch: { title: 'lost' }, if_match: etag }),
    );
    expect(stale).toMatchObject({
      status: 412,
      code: 'edit_conflict',
      current: { id, title: 'after' },
    });
  });

  test('approve_task moves a reviewed task to approved and names the approver', async () => {
    const reviewer = `reviewer-${kind}`;
    const client = await clientAs(kind, reviewer);
    const worker = await stack.api.clientFor(`worker-${kind}`);
    const { id } = await worker.createTask({ title: 'to approve' });
    for (const to of ['claimed', 'in_progress', 'review'] as const) {
      await worker.transitionTask(id, { to });
    }
    const approved = structuredOf(
      await call(client, 'approve_task', { id, reason: 'looks right' }),
    );
    expect(approved).toMatchObject({ old_status: 'review', new_status: 'approved' });
    const { events } = await stack.api.client.listEvents({
      task: [id],
      type: ['task_transitioned'],
    });
    expect(events.at(-1)).toMatchObject({
      actor: reviewer,
      details: { to: 'approved', reason: `approved by ${reviewer}: looks right` },
    });
    const again = problemOf(await call(client, 'approve_task', { id }));
    expect(again).toMatchObject({ status: 409, code: 'conflict' });
  });

  test('an agent-bound key acts only as its agent', async () => {
    const owner = await clientAs(kind, `owner-${kind}`);
    const intruder = await clientAs(kind, `intruder-${kind}`);
    const { id } = await stack.api.client.createTask({
      title: 'owned',
      resources: [`owned-${kind}`],
    });
    const claim = structuredOf<ClaimTaskResponse>(await call(owner, 'claim_task', { id }));
    const lockId = claim.leases[0]?.lock_id;
    const release = problemOf(await call(intruder, 'release', { lock_ids: [lockId] }));
    expect(release).toMatchObject({ status: 403, holder: `owner-${kind}` });
    const named = await call(intruder, 'append_event', {
      event: 'impersonation',
      target: id,
      actor: `owner-${kind}`,
    });
    expect(named.isError).toBe(true);
    const page = await stack.api.client.listEvents({ type: ['impersonation', 'lease_released'] });
    expect(page.events.filter((event) => event.target === lockId || event.target === id)).toEqual(
      [],
    );
  });
});

describe.each<McpTransportKind>(['http', 'stdio'])('lease-loss notices over %s', (kind) => {
  test("a forced reclaim reaches the holder's session: a warning, kyros://leases/mine updated, heartbeat 410", async () => {
    const holder = `holder-${kind}`;
    const client = await clientAs(kind, holder);
    const warned = new Promise<Record<string, unknown>>((resolve) => {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
        resolve(notification.params.data as Record<string, unknown>);
      });
    });
    const updated = new Promise<string>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        if (notification.params.uri === 'kyros://leases/mine') resolve(notification.params.uri);
      });
    });
    await client.subscribeResource({ uri: 'kyros://leases/mine' });
    const { id } = await stack.api.client.createTask({
      title: 'will be lost',
      resources: [`lost-${kind}/**`],
    });
    const claim = structuredOf<ClaimTaskResponse>(
      await call(client, 'claim_task', { id, ttl_seconds: 5 }),
    );
    const lockId = claim.leases[0]?.lock_id;
    const mine = await client.readResource({ uri: 'kyros://leases/mine' });
    expect(resourceJson(mine)).toMatchObject({
      holder,
      leases: [{ lock_id: lockId }],
    });

    stack.api.clock.advance(6);
    const { reclaimed } = await stack.api.client.reclaimLeases();
    expect(reclaimed.map((lease) => lease.lock_id)).toContain(lockId);

    const warning = await warned;
    expect(warning).toMatchObject({
      event: {
        event: 'lease_lost',
        target: holder,
        details: { lock_id: lockId, reason: 'reclaimed' },
      },
    });
    expect(await updated).toBe('kyros://leases/mine');
    const gone = problemOf(await call(client, 'heartbeat', { lock_ids: [lockId] }));
    expect(gone).toMatchObject({ status: 410, code: 'gone', lease_state: 'ended' });
  });
});

describe('MCP resources and prompt', () => {
  test('serves the board, one task, the leases and recent events, and the work-next-task prompt', async () => {
    const client = await clientAs('http', 'reader');
    const { id } = await stack.api.client.createTask({ title: 'readable' });
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual([
      'kyros://tasks',
      'kyros://leases',
      'kyros://leases/mine',
      'kyros://events/recent',
    ]);
    const task = await client.readResource({ uri: `kyros://tasks/${id}` });
    expect(resourceJson(task)).toMatchObject({ task: { id } });
    const recent = await client.readResource({ uri: 'kyros://events/recent' });
    const page = resourceJson<{ events: { target: string }[] }>(recent);
    expect(page.events.at(-1)?.target).toBe(id);
    const prompt = await client.getPrompt({
      name: 'work-next-task',
      arguments: { labels: 'docs' },
    });
    const text = prompt.messages[0]?.content.type === 'text' ? prompt.messages[0].content.text : '';
    for (const step of ['next_task', 'claim_task', 'heartbeat', 'transition_task', 'release']) {
      expect(text).toContain(step);
    }
    expect(text).toContain('["docs"]');
  });
});

describe('MCP over Streamable HTTP', () => {
  test('refuses /mcp without a credential with 401', async () => {
    const response = await fetch(new URL('/mcp', stack.api.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'anonymous', version: '0' },
        },
      }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  test('a session belongs to the credential that opened it', async () => {
    const client = await clientAs('http', 'session-owner');
    await client.listTools();
    const transport = client.transport as { sessionId?: string } | undefined;
    const response = await fetch(new URL('/mcp', stack.api.url), {
      method: 'POST',
      headers: {
        ...(await stack.api.headersFor('session-thief')),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': transport?.sessionId ?? '',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
  });

  test('a POST is answered with one JSON body; a dropped notification stream can be reopened', async () => {
    const headers = {
      ...(await stack.api.headersFor('stream-reopener')),
      accept: 'application/json, text/event-stream',
    };
    const post = (body: unknown, sessionId?: string) =>
      fetch(new URL('/mcp', stack.api.url), {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          ...(sessionId
            ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }
            : {}),
        },
        body: JSON.stringify(body),
      });
    const opened = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '0' },
      },
    });
    expect(opened.headers.get('content-type')).toContain('application/json');
    expect(await opened.json()).toMatchObject({ id: 1, result: { serverInfo: { name: 'kyros' } } });
    const sessionId = opened.headers.get('mcp-session-id') ?? '';
    expect(
      (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId)).status,
    ).toBe(202);
    const listed = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, sessionId);
    expect(listed.headers.get('content-type')).toContain('application/json');
    expect(Number(listed.headers.get('content-length'))).toBeGreaterThan(0);

    const openStream = (signal?: AbortSignal) =>
      fetch(new URL('/mcp', stack.api.url), {
        headers: { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
        ...(signal ? { signal } : {}),
      });
    const dropping = new AbortController();
    const first = await openStream(dropping.signal);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    // One notification stream per session: a second one is refused while the first is open.
    const second = await openStream();
    expect(second.status).toBe(409);
    await second.body?.cancel();

    dropping.abort();
    // The server learns of the drop when the connection closes; until then it still refuses.
    let reopened = await openStream();
    for (let attempt = 0; reopened.status === 409 && attempt < 50; attempt += 1) {
      await reopened.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
      reopened = await openStream();
    }
    expect(reopened.status).toBe(200);
    await reopened.body?.cancel();
  });
});
