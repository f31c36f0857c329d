import { describe, expect } from 'vitest';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import type { HttpSink } from '@kyros/test-support/api/http-sink';
import { slackSignedHeaders, slashCommandBody } from '@kyros/test-support/api/slack-requests';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { recordHistoryFixture, taskHistory } from '@kyros/test-support/temporal/task-history';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

const SIGNING_SECRET = 'slack-signing-secret-for-tests-0123456789';
const TEAM = 'T0KYROS01';

// The Slack channel answers on the sink (a real local HTTP server), so its options need its URL.
test.override({
  stackOptions: [
    async ({ httpSink }, use) =>
      use({
        seedPresets: true,
        slack: { signingSecret: SIGNING_SECRET, responseUrlPrefix: `${httpSink.url}/` },
      }),
    { scope: 'file' },
  ],
});

let stack: Stack;
let sink: HttpSink;
test.beforeAll(async ({ stack: started, httpSink }) => {
  sink = httpSink;
  stack = started;
  await stack.startWorker();
  await link('U0OPERATOR', stack.operatorEmail);
});

async function link(slackUser: string, email: string) {
  const response = await fetch(`${stack.apiUrl}/channels/slack/users/${TEAM}/${slackUser}`, {
    method: 'PUT',
    headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ user_email: email }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

let sequence = 0;
/** A slash command with a response_url of its own on the sink. */
function slashForm(text: string, user = 'U0OPERATOR') {
  const replyPath = `/commands/${TEAM}/${++sequence}/reply`;
  const body = slashCommandBody({ team: TEAM, user, text, responseUrl: `${sink.url}${replyPath}` });
  return { body, replyPath };
}

function slackHeaders(body: string, options: { timestamp?: number; secret?: string } = {}) {
  return slackSignedHeaders(options.secret ?? SIGNING_SECRET, body, options.timestamp);
}

function post(body: string, headers: Record<string, string>) {
  return fetch(`${stack.apiUrl}/channels/slack/commands`, { method: 'POST', headers, body });
}

interface SlackPost {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[];
}

const task = (id: string) => stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === id);
const buttons = (message: SlackPost) =>
  message.blocks.flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));
const snapshot = async () => ({
  commands: await stack.auth.prisma.channelCommand.count(),
  audit: await stack.auth.prisma.auditEvent.count(),
  lastEvent: stack.collaboration.eventLog.lastId,
  tasks: structuredClone(stack.collaboration.store.tasks.doc),
});

describe('the Slack channel', () => {
  test('acknowledges at once, runs the command as the linked user and posts Block Kit with deep links', async () => {
    const { body, replyPath } = slashForm('claim T-100');
    const response = await post(body, slackHeaders(body));
    expect(response.status).toBe(200);
    const ack = (await response.json()) as SlackPost;
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toContain('Working on `claim T-100`');

    const [delivered] = await sink.received(replyPath);
    expect(delivered?.headers['content-type']).toContain('application/json');
    const message = JSON.parse(delivered?.body ?? '{}') as SlackPost;
    expect(message).toMatchObject({
      response_type: 'in_channel',
      text: 'T-100 moved queued → claimed',
    });
    const urls = buttons(message).map((button) => button.url);
    expect(urls).toContain('http://127.0.0.1:3001/tasks?task=T-100');
    const run = urls.find((url) => url?.includes('/workflows/slack-reply-'));
    expect(run).toMatch(/\/namespaces\/default\/workflows\/slack-reply-[0-9a-f-]{36}$/);

    expect(task('T-100')).toMatchObject({
      status: 'claimed',
      assignee: `user:${stack.operatorEmail}`,
    });
    const row = await stack.auth.prisma.channelCommand.findFirstOrThrow({
      where: { channel: 'slack', rawText: 'claim T-100' },
    });
    expect(row).toMatchObject({ principal: `user:${stack.operatorEmail}`, outcome: 'ok' });
    expect(run).toContain(row.id);
    await eventually(
      async () =>
        (await stack.auth.prisma.channelCommand.findUniqueOrThrow({ where: { id: row.id } }))
          .replyStatus,
      'sent',
    );
  });

  test('answers /kyros help (and a bare /kyros) with the command list, only to the asker', async () => {
    for (const text of ['help', '']) {
      const { body, replyPath } = slashForm(text);
      expect((await post(body, slackHeaders(body))).status).toBe(200);
      const [delivered] = await sink.received(replyPath);
      const message = JSON.parse(delivered?.body ?? '{}') as SlackPost;
      expect(message.response_type).toBe('ephemeral');
      const shown = message.blocks.map((block) => block.text?.text ?? '').join('\n');
      expect(shown).toContain('move &lt;task&gt; to &lt;status&gt;');
    }
  });

  test('retries a response_url that fails once, and the reply arrives', async () => {
    const { body, replyPath } = slashForm('status T-100');
    sink.failNext(replyPath, 1);
    expect((await post(body, slackHeaders(body))).status).toBe(200);
    const attempts = await sink.received(replyPath, 2);
    expect(attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(attempts[0]?.body).toBe(attempts[1]?.body);
    const message = JSON.parse(attempts[1]?.body ?? '{}') as SlackPost;
    expect(message.text).toContain('T-100');

    // Temporal retried the activity (attempt 2); the run is kept as a replay fixture.
    const row = await stack.auth.prisma.channelCommand.findFirstOrThrow({
      where: { channel: 'slack', rawText: 'status T-100' },
      orderBy: { createdAt: 'desc' },
    });
    const handle = (await stack.temporalClient()).workflow.getHandle(`slack-reply-${row.id}`);
    expect(await handle.result()).toEqual({ status: 'sent' });
    const recorded = await taskHistory(handle);
    const started = (recorded.history.events ?? []).flatMap((event) =>
      event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes] : [],
    );
    expect(started.map((attributes) => attributes.attempt)).toEqual([2, 1]);
    await recordHistoryFixture('slack-reply-retried-once', recorded, stack.temporalAddress);
  });

  test('gives up at once on a response_url Slack says is gone, and records the reply as failed', async () => {
    const { body, replyPath } = slashForm('status T-100');
    sink.failNext(replyPath, 5, 404);
    expect((await post(body, slackHeaders(body))).status).toBe(200);
    await sink.received(replyPath);
    const row = await stack.auth.prisma.channelCommand.findFirstOrThrow({
      where: { channel: 'slack', rawText: 'status T-100' },
      orderBy: { createdAt: 'desc' },
    });
    await eventually(
      async () =>
        (await stack.auth.prisma.channelCommand.findUniqueOrThrow({ where: { id: row.id } }))
          .replyStatus,
      'failed',
    );
    // A 4xx is final: one attempt, no retries.
    expect(sink.requests.filter((request) => request.path === replyPath)).toHaveLength(1);
  });

  test('refuses a bad signature, a stale or future timestamp, and unsigned requests with 401, writing nothing', async () => {
    const before = await snapshot();
    const { body } = slashForm('claim T-103');
    // Well past the five-minute window: the server reads its clock a moment (under load, a
    // second or more) after this line, and the exact boundary is the unit test's job.
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      slackHeaders(body, { secret: 'another-apps-signing-secret-000000' }),
      slackHeaders(body, { timestamp: now - 360 }),
      slackHeaders(body, { timestamp: now + 360 }),
      { ...slackHeaders(body), 'x-slack-signature': 'v0=' + '0'.repeat(64) },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of refusals) {
      const response = await post(body, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(ProblemSchema.parse(await response.json()).code).toBe('unauthorized');
    }
    // Signed for one body, sent with another.
    const tampered = await post(body.replace('claim', 'cancel'), slackHeaders(body));
    expect(tampered.status).toBe(401);
    expect(await snapshot()).toEqual(before);
    expect(task('T-103')?.status).toBe('queued');
  });

  test('tells an unlinked Slack user how to get linked, and runs nothing', async () => {
    const before = await snapshot();
    const { body, replyPath } = slashForm('claim T-103', 'U0STRANGER');
    const response = await post(body, slackHeaders(body));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as SlackPost;
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(`PUT /channels/slack/users/${TEAM}/U0STRANGER`);
    expect(await snapshot()).toEqual(before);
    expect(sink.requests.filter((request) => request.path === replyPath)).toEqual([]);
  });

  test('refuses a response_url outside the configured prefix with 400', async () => {
    const before = await snapshot();
    const body = slashForm('status T-100').body.replace(
      encodeURIComponent(sink.url),
      encodeURIComponent('http://169.254.169.254'),
    );
    const response = await post(body, slackHeaders(body));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid' });
    expect(await snapshot()).toEqual(before);
  });

  test('shows Slack as configured in GET /channels, with its traffic', async () => {
    const response = await fetch(`${stack.apiUrl}/channels`, { headers: stack.auth.adminHeaders });
    const { items } = (await response.json()) as {
      items: { name: string; configured: boolean; counts: { received: number } }[];
    };
    const slack = items.find((item) => item.name === 'slack');
    expect(slack).toMatchObject({ configured: true });
    expect(slack?.counts.received).toBeGreaterThanOrEqual(4);
  });
});
