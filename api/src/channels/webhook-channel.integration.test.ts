// Long file: the inbound and outbound webhook channels share one real stack (Temporal, PostgreSQL,
// a worker, a local HTTP sink), and each refusal is checked to have written nothing.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect } from 'vitest';
import { ApiCommandResponse, ChannelListResponse } from '@kyros/contracts/schemas/channels';
import { createKyrosClient, type KyrosClient } from '@kyros/contracts/client/kyros-client';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

/** The webhook channel's limit per principal and minute in this file (KYROS_CHANNEL_RATE_LIMIT_WEBHOOK). */
const RATE_LIMIT = 60;
test.override({
  stackOptions: {
    seedPresets: true,
    rateLimits: { webhook: RATE_LIMIT },
    // The subscribers here are local sinks on 127.0.0.1 (webhook-subscriptions.integration.test.ts
    // checks that they are refused without this).
    env: { KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
  },
});

let stack: Stack;
let webhooks: KyrosClient['webhooks'];
let hook: { id: string; secret: string };
test.beforeAll(async ({ stack: started }) => {
  stack = started;
  webhooks = createKyrosClient({
    baseUrl: stack.apiUrl,
    credential: stack.auth.adminToken,
  }).webhooks;
  await stack.auth.keyFor('agent-ada');
  const key = await stack.auth.prisma.apiKey.findFirstOrThrow({ where: { name: 'key-agent-ada' } });
  hook = await webhooks.inbound.create({ name: 'ci', acts_as: { api_key_id: key.id } });
});

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

interface Signed {
  secret?: string;
  messageId?: string;
  timestamp?: Date;
  contentType?: string;
  webhookId?: string;
}

let messages = 0;
/** POSTs `body` signed exactly as a Standard Webhooks sender signs it. */
async function post(body: string, options: Signed = {}) {
  const messageId = options.messageId ?? `msg_${++messages}_${Date.now()}`;
  const timestamp = options.timestamp ?? new Date();
  const signature = new Webhook(options.secret ?? hook.secret).sign(messageId, timestamp, body);
  const response = await fetch(
    `${stack.apiUrl}/channels/webhooks/${options.webhookId ?? hook.id}`,
    {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'text/plain',
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    },
  );
  return { status: response.status, text: await response.text(), messageId };
}

const task = (id: string) => stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === id);

/** Everything a webhook message could write: commands, accepted ids, tasks, events, audit rows. */
async function written() {
  const { prisma } = stack.auth;
  return {
    commands: await prisma.channelCommand.count(),
    messages: await prisma.inboundWebhookMessage.count(),
    audit: await prisma.auditEvent.count(),
    tasks: structuredClone(stack.collaboration.store.tasks.doc),
    lastEvent: stack.collaboration.eventLog.lastId,
  };
}

describe('inbound webhooks', () => {
  test('a good signature runs the command as the bound agent, recorded and counted', async () => {
    const answer = await post('claim T-100');
    expect(answer.status, answer.text).toBe(200);
    const { command_id, reply } = ApiCommandResponse.parse(JSON.parse(answer.text));
    expect(reply).toMatchObject({ outcome: 'ok', title: 'T-100 moved queued → claimed' });
    expect(task('T-100')).toMatchObject({ status: 'claimed', assignee: 'agent-ada' });
    const row = await stack.auth.prisma.channelCommand.findUniqueOrThrow({
      where: { id: command_id },
    });
    expect(row).toMatchObject({
      channel: 'webhook',
      principal: 'agent-ada',
      rawText: 'claim T-100',
    });

    // JSON bodies too; identity never comes from the body.
    const json = await post(JSON.stringify({ command: { command: 'status', task: 'T-100' } }), {
      contentType: 'application/json',
    });
    expect(json.status, json.text).toBe(200);

    const list = await fetch(`${stack.apiUrl}/channels`, { headers: stack.auth.adminHeaders });
    const webhook = ChannelListResponse.parse(await list.json()).items.find(
      (c) => c.name === 'webhook',
    );
    expect(webhook).toMatchObject({ configured: true, counts: { received: 2, ok: 2 } });
  });

  test('refuses a bad signature, an expired timestamp, a replay and an unknown webhook, writing nothing', async () => {
    const replayed = (await post('status T-100')).messageId;
    const before = await written();
    const other = 'whsec_' + Buffer.from('another secret of 32 bytes length').toString('base64');
    const bad = await post('move T-100 to in_progress', { secret: other });
    expect(bad.status, bad.text).toBe(401);
    expect(JSON.parse(bad.text)).toMatchObject({ reason: 'invalid_signature' });
    const old = await post('move T-100 to in_progress', {
      timestamp: new Date(Date.now() - 6 * 60_000),
    });
    expect(old.status, old.text).toBe(401);
    const future = await post('move T-100 to in_progress', {
      timestamp: new Date(Date.now() + 6 * 60_000),
    });
    expect(future.status, future.text).toBe(401);
    const replay = await post('move T-100 to in_progress', { messageId: replayed });
    expect(replay.status, replay.text).toBe(409);
    expect(JSON.parse(replay.text)).toMatchObject({ reason: 'replayed' });
    const unknown = await post('status T-100', {
      webhookId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    const unsigned = await fetch(`${stack.apiUrl}/channels/webhooks/${hook.id}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'move T-100 to in_progress',
    });
    expect(unsigned.status).toBe(401);
    const notACommand = await post(JSON.stringify({ text: 1 }), {
      contentType: 'application/json',
    });
    expect(notACommand.status).toBe(400);
    expect(await written()).toEqual(before);
    expect(task('T-100')?.status).toBe('claimed');
  });

  test('accepted ids past the replay window are forgotten when the next message is accepted', async () => {
    const { prisma } = stack.auth;
    const expired = (await post('status T-100')).messageId;
    const recent = (await post('status T-100')).messageId;
    // Age the two rows as the clock would: one past the 15-minute window, one just inside it.
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const age = (messageId: string, minutes: number) =>
      prisma.inboundWebhookMessage.update({
        where: { webhookId_messageId: { webhookId: hook.id, messageId } },
        data: { receivedAt: minutesAgo(minutes) },
      });
    await age(expired, 16);
    await age(recent, 14);
    const next = await post('status T-100');
    expect(next.status, next.text).toBe(200);
    const kept = await prisma.inboundWebhookMessage.findMany({
      where: { messageId: { in: [expired, recent, next.messageId] } },
      select: { messageId: true },
    });
    expect(kept.map((row) => row.messageId).sort()).toEqual([recent, next.messageId].sort());
    expect(
      await prisma.inboundWebhookMessage.count({ where: { receivedAt: { lt: minutesAgo(15) } } }),
    ).toBe(0);
  });

  test('runs concurrent duplicates of one webhook-id exactly once', async () => {
    const before = await written();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post('move T-100 to in_progress', { messageId: 'msg_dup' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(11).fill(409)]);
    expect(task('T-100')?.status).toBe('in_progress');
    const after = await written();
    expect(after.commands).toBe(before.commands + 1);
    expect(after.messages).toBe(before.messages + 1);
    const moves = await stack.collaboration.eventLog.readAfter(
      before.lastEvent,
      { type: ['task_transitioned'] },
      100,
    );
    expect(moves.events).toHaveLength(1);
  });

  test('after a rotation the old secret is refused and the new one works', async () => {
    const { secret } = await webhooks.inbound.rotateSecret(hook.id);
    expect(secret).not.toBe(hook.secret);
    const before = await written();
    expect((await post('status T-100')).status).toBe(401);
    expect(await written()).toEqual(before);
    hook = { ...hook, secret };
    expect((await post('status T-100')).status).toBe(200);
  });

  test('a disabled webhook refuses; test-fire signs a sample to itself', async () => {
    await webhooks.inbound.update(hook.id, { enabled: false });
    const before = await written();
    expect((await post('status T-100')).status).toBe(403);
    expect(await written()).toEqual(before);
    await webhooks.inbound.update(hook.id, { enabled: true });

    const { response } = await webhooks.inbound.testFire(hook.id);
    expect(response.reply).toMatchObject({ outcome: 'ok', command: { command: 'help' } });
  });

  test('only an admin manages webhooks, and a binding that cannot act is refused', async () => {
    const agent = await stack.headersFor('agent-ada');
    const listed = await fetch(`${stack.apiUrl}/channels/webhooks`, { headers: agent });
    expect(listed.status).toBe(403);
    const bad = await admin('POST', '/channels/webhooks', {
      name: 'nobody',
      acts_as: { user_id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(bad.status, bad.text).toBe(404);
    expect(bad.text).toContain('acts_as cannot act');
  });

  test('counts verified messages per bound principal: over the limit is a 429 with an audit row, nothing else', async () => {
    await stack.auth.keyFor('agent-carol');
    const key = await stack.auth.prisma.apiKey.findFirstOrThrow({
      where: { name: 'key-agent-carol' },
    });
    const carol = await webhooks.inbound.create({ name: 'carol', acts_as: { api_key_id: key.id } });
    // A fixed one-minute window: within two windows the limit is met for certain.
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    let before = await written();
    for (let sent = 0; sent <= 2 * RATE_LIMIT && !refused; sent += 1) {
      before = await written();
      const answer = await post('status T-101', { webhookId: carol.id, secret: carol.secret });
      if (answer.status === 429) refused = answer;
      else expect(answer.status, answer.text).toBe(200);
    }
    expect(refused?.status).toBe(429);
    const after = await written();
    expect(after.audit).toBe(before.audit + 1);
    expect({ ...after, audit: before.audit }).toEqual(before);
    const audit = await stack.auth.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'channel.rate_limited' },
      orderBy: { ts: 'desc' },
    });
    expect(audit).toMatchObject({
      actor: 'api_key:key-agent-carol',
      targetType: 'channel',
      targetId: 'webhook',
    });
  });

  test('the API description documents the signed endpoint as credential-free and every admin route', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; parameters?: { name: string }[] }>
      >;
    };
    const inbound = document.paths['/channels/webhooks/{id}'];
    expect(inbound?.post?.security).toEqual([]);
    expect(inbound?.post?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
    );
    expect(Object.keys(inbound ?? {}).sort()).toEqual(['delete', 'get', 'patch', 'post']);
    for (const path of [
      '/channels/webhooks',
      '/channels/webhooks/{id}/rotate-secret',
      '/channels/webhooks/{id}/test-fire',
      '/channels/webhook-subscriptions',
      '/channels/webhook-subscriptions/{id}',
      '/channels/webhook-subscriptions/{id}/rotate-secret',
      '/channels/webhook-subscriptions/{id}/deliveries',
      '/channels/webhook-subscriptions/{id}/test-fire',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });
});

/** A subscriber: fails the first `failures` requests with 500, verifies every signature. */
async function startSink(failures: number) {
  const received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  let secret = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let status = received.length < failures ? 500 : 204;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        status = 401;
      }
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end(status === 500 ? 'sink is down' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    useSecret: (value: string) => (secret = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('outbound webhooks', () => {
  test('delivers a matching event, retried after the sink fails twice, signed so standardwebhooks verifies it', async () => {
    await stack.startWorker();
    const sink = await startSink(2);
    try {
      const subscription = await webhooks.subscriptions.create({
        name: 'sink',
        url: sink.url,
        event_types: ['task_transitioned'],
      });
      sink.useSecret(subscription.secret);

      expect((await post('move T-100 to review')).status).toBe(200);
      await eventually(() => Promise.resolve(sink.received.some((r) => r.status === 204)), true);

      expect(sink.received.map((r) => r.status)).toEqual([500, 500, 204]);
      const ids = new Set(sink.received.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const payload = JSON.parse(sink.received[2]?.body ?? '{}') as Record<string, unknown>;
      expect(payload).toMatchObject({
        type: 'task_transitioned',
        data: { event: 'task_transitioned', target: 'T-100', details: { to: 'review' } },
      });

      const deliveries = () => webhooks.subscriptions.deliveries(subscription.id);
      await eventually(async () => (await deliveries())[0]?.status, 'delivered');
      const log = await deliveries();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        event_type: 'task_transitioned',
        attempts: 3,
        last_status_code: 204,
        last_error: null,
        workflow_id: `webhook-${subscription.id}-${String(log[0]?.event_id)}`,
      });
      expect(log[0]?.latency_ms).toEqual(expect.any(Number));

      // The retries are Temporal's: one activity, started three times; the history replays and
      // is kept as a fixture for workflow-replay.integration.test.ts.
      const workflowId = log[0]?.workflow_id ?? '';
      const handle = (await stack.temporalClient()).workflow.getHandle(workflowId);
      expect(await handle.result()).toEqual({ status: 'delivered', attempts: 3 });
      const history = await taskHistory(handle);
      const starts = (history.history.events ?? []).flatMap((event) =>
        event.activityTaskStartedEventAttributes
          ? [event.activityTaskStartedEventAttributes.attempt]
          : [],
      );
      expect(starts).toEqual([3]);
      await replayOwnHistory(history, workflowId);
      await recordHistoryFixture('webhook-delivery-retried', history, stack.temporalAddress);

      // A rotated secret signs every later attempt; test-fire is a delivery like any other.
      const { secret } = await webhooks.subscriptions.rotateSecret(subscription.id);
      sink.useSecret(secret);
      const fired = await webhooks.subscriptions.testFire(subscription.id);
      expect(fired).toMatchObject({ event_id: null, event_type: 'kyros.test', status: 'pending' });
      await eventually(
        async () => (await deliveries()).find((d) => d.id === fired.id)?.status,
        'delivered',
      );
      const last = sink.received.at(-1);
      expect(last?.status).toBe(204);
      expect(JSON.parse(last?.body ?? '{}')).toMatchObject({ type: 'kyros.test' });
    } finally {
      await sink.close();
    }
  });

  test('twenty commands at once: each recorded, counted, and its event delivered exactly once', async () => {
    const sink = await startSink(0);
    try {
      const subscription = await webhooks.subscriptions.create({
        name: 'commands',
        url: sink.url,
        event_types: ['channel_command'],
      });
      sink.useSecret(subscription.secret);
      const before = await stack.auth.prisma.channelCommand.count({
        where: { channel: 'webhook' },
      });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post(`status T-10${String(i % 6)}`)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array<number>(20).fill(200));
      const list = await fetch(`${stack.apiUrl}/channels`, { headers: stack.auth.adminHeaders });
      const counted = ChannelListResponse.parse(await list.json()).items.find(
        (c) => c.name === 'webhook',
      );
      expect(counted?.counts.received).toBe(before + 20);

      await eventually(() => Promise.resolve(sink.received.length >= 20), true);
      const deliveries = await webhooks.subscriptions.deliveries(subscription.id);
      await eventually(
        async () =>
          (await webhooks.subscriptions.deliveries(subscription.id)).every(
            (d) => d.status === 'delivered',
          ),
        true,
      );
      expect(deliveries).toHaveLength(20);
      expect(sink.received).toHaveLength(20);
      expect(sink.received.every((r) => r.status === 204)).toBe(true);
      const eventIds = sink.received.map(
        (r) => (JSON.parse(r.body) as { data: { id: number } }).data.id,
      );
      expect(new Set(eventIds).size).toBe(20);
      const commandIds = answers.map(
        (a) => ApiCommandResponse.parse(JSON.parse(a.text)).command_id,
      );
      const delivered = sink.received.map(
        (r) =>
          (JSON.parse(r.body) as { data: { details: { command_id: string } } }).data.details
            .command_id,
      );
      expect(new Set(delivered)).toEqual(new Set(commandIds));
    } finally {
      await sink.close();
    }
  });
});
