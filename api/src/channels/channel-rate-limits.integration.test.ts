import { once } from 'node:events';
import { describe, expect } from 'vitest';
import { WebSocket } from 'ws';
import {
  WS_BEARER_PROTOCOL_PREFIX,
  WS_PROTOCOL,
  WsServerMessage,
} from '@kyros/contracts/schemas/channels';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import type { HttpSink } from '@kyros/test-support/api/http-sink';
import { slackSignedHeaders, slashCommandBody } from '@kyros/test-support/api/slack-requests';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

const LIMITS = { api: 5, websocket: 3, slack: 2 };
const SIGNING_SECRET = 'slack-signing-secret-for-rate-limits-42';
const TEAM = 'T0LIMITS01';

// The Slack channel answers on the sink (a real local HTTP server), so its options need its URL.
test.override({
  stackOptions: [
    async ({ httpSink }, use) =>
      use({
        seedPresets: true,
        rateLimits: LIMITS,
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
});

const limitedRows = (channel: string) =>
  stack.auth.prisma.auditEvent.findMany({
    where: { action: 'channel.rate_limited', targetType: 'channel', targetId: channel },
  });

function apiCommand(headers: Record<string, string>, text: string) {
  return fetch(`${stack.apiUrl}/channels/api/commands`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
}

/** A `ws` client authenticated with a bearer key; resolves every reply or error by message id. */
async function socketFor(agentId: string) {
  const key = await stack.auth.keyFor(agentId);
  const ws = new WebSocket(stack.wsUrl, [WS_PROTOCOL, `${WS_BEARER_PROTOCOL_PREFIX}${key}`]);
  const answers = new Map<string, (message: WsServerMessage) => void>();
  ws.on('message', (data: Buffer) => {
    const message = WsServerMessage.parse(JSON.parse(data.toString('utf8')));
    if ((message.type === 'reply' || message.type === 'error') && message.id) {
      answers.get(message.id)?.(message);
    }
  });
  await once(ws, 'open');
  return {
    command(id: string, text: string): Promise<WsServerMessage> {
      const answered = new Promise<WsServerMessage>((resolve) => answers.set(id, resolve));
      ws.send(JSON.stringify({ type: 'command', id, text }));
      return answered;
    },
    close: () => ws.close(),
  };
}

describe('per-channel rate limits', () => {
  test('API: of twelve concurrent commands exactly the seven over the limit get 429, each audited', async () => {
    const ada = await stack.headersFor('agent-limit-ada');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => apiCommand(ada, 'status T-100')),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array<number>(5).fill(200), ...Array<number>(7).fill(429)]);
    for (const answer of answers.filter((each) => each.status === 429)) {
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.headers.get('ratelimit-limit')).toBe('5');
      const problem = ProblemSchema.parse(await answer.json());
      expect(problem).toMatchObject({ status: 429, code: 'rate_limited' });
    }
    const audited = await limitedRows('api');
    expect(audited).toHaveLength(7);
    expect(new Set(audited.map((row) => row.actor))).toEqual(
      new Set(['api_key:key-agent-limit-ada']),
    );
    expect(audited[0]?.payload).toMatchObject({ limit: 5, window_seconds: 60 });
    // Only the five that passed were commands.
    expect(await stack.auth.prisma.channelCommand.count({ where: { channel: 'api' } })).toBe(5);

    // Another principal has its own window.
    const bob = await stack.headersFor('agent-limit-bob');
    expect((await apiCommand(bob, 'status T-100')).status).toBe(200);
    expect(await limitedRows('api')).toHaveLength(7);
  });

  test('WebSocket: messages over the limit get a rate_limited error, the socket stays open', async () => {
    const ada = await socketFor('agent-limit-ada');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ada.command(`c${index}`, 'status T-100')),
    );
    // Counted in arrival order: the first three pass.
    expect(answers.map((answer) => answer.type)).toEqual([
      'reply',
      'reply',
      'reply',
      'error',
      'error',
      'error',
    ]);
    expect(answers[3]).toMatchObject({ type: 'error', id: 'c3', code: 'rate_limited' });
    expect(await limitedRows('websocket')).toHaveLength(3);

    const bob = await socketFor('agent-limit-bob');
    expect((await bob.command('b1', 'status T-100')).type).toBe('reply');
    // Still open, still limited.
    expect(await ada.command('again', 'help')).toMatchObject({ code: 'rate_limited' });
    expect(await limitedRows('websocket')).toHaveLength(4);
    ada.close();
    bob.close();
  });

  test('Slack: commands over the limit get an ephemeral refusal and an audit row; others pass', async () => {
    const link = (user: string, email: string) =>
      fetch(`${stack.apiUrl}/channels/slack/users/${TEAM}/${user}`, {
        method: 'PUT',
        headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ user_email: email }),
      });
    expect((await link('U0BUSY', stack.operatorEmail)).status).toBe(200);
    expect((await link('U0CALM', stack.auth.admin.email)).status).toBe(200);
    const send = async (user: string, index: number) => {
      const body = slashCommandBody({
        team: TEAM,
        user,
        text: 'status T-100',
        responseUrl: `${sink.url}/commands/${user}/${index}`,
      });
      const response = await fetch(`${stack.apiUrl}/channels/slack/commands`, {
        method: 'POST',
        headers: slackSignedHeaders(SIGNING_SECRET, body),
        body,
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { response_type: string; text: string }).text;
    };
    const texts = await Promise.all(Array.from({ length: 5 }, (_, index) => send('U0BUSY', index)));
    expect(texts.filter((text) => text.startsWith('Working on'))).toHaveLength(2);
    expect(texts.filter((text) => text.startsWith('Too many commands'))).toHaveLength(3);
    const audited = await limitedRows('slack');
    expect(audited.map((row) => row.actor)).toEqual(
      Array<string>(3).fill(`user:${stack.operatorEmail}`),
    );
    expect(await send('U0CALM', 0)).toMatch(/^Working on/);
  });
});
