import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { WebSocket } from 'ws';
import {
  ChannelListResponse,
  WS_BEARER_PROTOCOL_PREFIX,
  WS_PROTOCOL,
  WsServerMessage,
  WsTicketResponse,
} from '@kyros/contracts/schemas/channels';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({
  stackOptions: {
    seedPresets: true,
    webSocket: { maxMessageBytes: 4096, pingIntervalMs: 300 },
  },
});

let stack: Stack;
test.beforeAll(({ stack: started }) => {
  stack = started;
});

/** A real `ws` client that keeps every server message and waits for the one a test needs. */
class TestSocket {
  readonly messages: WsServerMessage[] = [];
  #waiters: { match: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }[] =
    [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = WsServerMessage.parse(JSON.parse(data.toString('utf8')));
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }
  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
  next<T extends WsServerMessage['type']>(
    type: T,
    match: (message: Extract<WsServerMessage, { type: T }>) => boolean = () => true,
  ): Promise<Extract<WsServerMessage, { type: T }>> {
    const test = (m: WsServerMessage): m is Extract<WsServerMessage, { type: T }> =>
      m.type === type && match(m as Extract<WsServerMessage, { type: T }>);
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      this.#waiters.push({
        match: test,
        resolve: (m) => resolve(m as Extract<WsServerMessage, { type: T }>),
      });
    });
  }
  close(): void {
    this.ws.close();
  }
}

async function ticketFor(headers: Record<string, string>): Promise<WsTicketResponse> {
  const response = await fetch(`${stack.apiUrl}/channels/ws/ticket`, { method: 'POST', headers });
  expect(response.status).toBe(201);
  return WsTicketResponse.parse(await response.json());
}

async function connect(url: string, protocols: string[] = [WS_PROTOCOL]): Promise<TestSocket> {
  const ws = new WebSocket(url, protocols);
  const socket = new TestSocket(ws);
  await once(ws, 'open');
  return socket;
}

/** The HTTP status of a refused upgrade. */
async function refusedUpgrade(url: string, protocols: string[] = [WS_PROTOCOL]): Promise<number> {
  const ws = new WebSocket(url, protocols);
  const [request, response] = (await once(ws, 'unexpected-response')) as [
    { destroy(): void },
    { statusCode: number },
  ];
  // With an `unexpected-response` listener, ending the refused request is the client's job.
  request.destroy();
  return response.statusCode;
}

const nothingWritten = async () => ({
  rows: await stack.auth.prisma.channelCommand.count(),
  lastEvent: stack.collaboration.eventLog.lastId,
  tasks: structuredClone(stack.collaboration.store.tasks.doc),
});

describe('the WebSocket channel', () => {
  test('runs a command from a ticketed client and streams the live events it subscribed to', async () => {
    const headers = await stack.headersFor('agent-wes');
    const { ticket } = await ticketFor(headers);
    const socket = await connect(`${stack.wsUrl}?ticket=${ticket}`);
    expect(socket.ws.protocol).toBe(WS_PROTOCOL);
    expect(await socket.next('hello')).toMatchObject({
      actor: 'agent-wes',
      max_message_bytes: 4096,
    });

    socket.send({ type: 'subscribe', id: 'board', filter: { task: ['T-103'] } });
    await socket.next('subscribed', (m) => m.id === 'board');
    socket.send({ type: 'command', id: 'c1', text: 'claim T-103' });
    const reply = await socket.next('reply', (m) => m.id === 'c1');
    expect(reply.reply).toMatchObject({ outcome: 'ok', title: 'T-103 moved queued → claimed' });
    const moved = await socket.next('event', (m) => m.event.event === 'task_transitioned');
    expect(moved).toMatchObject({
      subscription: 'board',
      event: { actor: 'agent-wes', target: 'T-103', details: { to: 'claimed' } },
    });
    const recorded = await socket.next('event', (m) => m.event.event === 'channel_command');
    expect(recorded.event.details).toMatchObject({
      channel: 'websocket',
      command_id: reply.command_id,
      outcome: 'ok',
    });
    expect(stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === 'T-103')).toMatchObject({
      status: 'claimed',
      assignee: 'agent-wes',
    });

    // The JSON form as an object; a refusal comes back as a reply with help.
    socket.send({ type: 'command', id: 'c2', command: { command: 'status', task: 'T-103' } });
    expect((await socket.next('reply', (m) => m.id === 'c2')).reply.outcome).toBe('ok');
    socket.send({ type: 'command', id: 'c3', text: 'destroy T-103' });
    const refused = await socket.next('reply', (m) => m.id === 'c3');
    expect(refused.reply).toMatchObject({ outcome: 'refused', code: 'unknown_command' });
    expect(refused.reply.suggestions.at(-1)).toBe('help');
    const row = await stack.auth.prisma.channelCommand.findUniqueOrThrow({
      where: { id: reply.command_id },
    });
    expect(row).toMatchObject({ channel: 'websocket', principal: 'agent-wes', outcome: 'ok' });
    socket.close();
  });

  test('accepts a bearer credential in the subprotocol and replays events after an id', async () => {
    const key = await stack.auth.keyFor('agent-wes');
    const socket = await connect(stack.wsUrl, [WS_PROTOCOL, `${WS_BEARER_PROTOCOL_PREFIX}${key}`]);
    expect(socket.ws.protocol).toBe(WS_PROTOCOL);
    expect((await socket.next('hello')).actor).toBe('agent-wes');
    socket.send({ type: 'subscribe', id: 'past', filter: { type: ['channel_command'] }, after: 0 });
    expect(await socket.next('subscribed')).toMatchObject({ id: 'past', after: 0 });
    const replayed = await socket.next('event', (m) => m.subscription === 'past');
    expect(replayed.event.event).toBe('channel_command');
    socket.close();
  });

  test('refuses a bad, reused or missing credential before the upgrade, writing nothing', async () => {
    const before = await nothingWritten();
    const { ticket } = await ticketFor(await stack.headersFor('agent-wes'));
    const used = await connect(`${stack.wsUrl}?ticket=${ticket}`);
    await used.next('hello');
    used.close();
    expect(await refusedUpgrade(`${stack.wsUrl}?ticket=${ticket}`)).toBe(401);
    expect(await refusedUpgrade(`${stack.wsUrl}?ticket=kwt_not-a-ticket`)).toBe(401);
    expect(await refusedUpgrade(stack.wsUrl)).toBe(401);
    expect(
      await refusedUpgrade(stack.wsUrl, [WS_PROTOCOL, `${WS_BEARER_PROTOCOL_PREFIX}kyr_forged`]),
    ).toBe(401);
    expect(await refusedUpgrade(`${stack.wsUrl}?ticket=${ticket}`, ['other.v1'])).toBe(400);
    expect(await nothingWritten()).toEqual(before);
  });

  test('answers malformed and unknown messages with errors, closes on an oversize one, writing nothing', async () => {
    const before = await nothingWritten();
    const socket = await connect(
      `${stack.wsUrl}?ticket=${(await ticketFor(await stack.headersFor('agent-wes'))).ticket}`,
    );
    await socket.next('hello');
    socket.send('{"type": "command", "id": ');
    expect(await socket.next('error')).toMatchObject({ code: 'malformed_json' });
    socket.send({ type: 'launch', id: 'x' });
    expect(await socket.next('error', (m) => m.code !== 'malformed_json')).toMatchObject({
      code: 'invalid_message',
      id: 'x',
    });
    socket.send({ type: 'command', id: 'big', text: 'claim T-104 '.repeat(500) });
    const [code] = (await once(socket.ws, 'close')) as [number];
    expect(code).toBe(1009);
    expect(await nothingWritten()).toEqual(before);
  });

  test('pings, and drops a client that stops answering', async () => {
    const ticket = (await ticketFor(await stack.headersFor('agent-wes'))).ticket;
    const lively = await connect(`${stack.wsUrl}?ticket=${ticket}`);
    await once(lively.ws, 'ping');
    lively.close();
    const silentTicket = (await ticketFor(await stack.headersFor('agent-wes'))).ticket;
    const silent = new WebSocket(`${stack.wsUrl}?ticket=${silentTicket}`, [WS_PROTOCOL], {
      autoPong: false,
    });
    const [code] = (await once(silent, 'close')) as [number];
    expect(code).toBe(1006);
  });

  test('counts twenty clients at once exactly in GET /channels', async () => {
    const counts = async () => {
      const response = await fetch(`${stack.apiUrl}/channels`, {
        headers: stack.auth.adminHeaders,
      });
      const { items } = ChannelListResponse.parse(await response.json());
      return items.find((item) => item.name === 'websocket')?.counts;
    };
    const before = await counts();
    const sockets = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const { ticket } = await ticketFor(await stack.headersFor(`agent-ws-${index}`));
        return connect(`${stack.wsUrl}?ticket=${ticket}`);
      }),
    );
    const replies = await Promise.all(
      sockets.map((socket, index) => {
        socket.send({
          type: 'command',
          id: 'q',
          text: index % 5 === 0 ? 'tasks sideways' : 'tasks ready',
        });
        return socket.next('reply');
      }),
    );
    expect(replies.filter((reply) => reply.reply.outcome === 'ok')).toHaveLength(16);
    expect(await counts()).toEqual({
      received: (before?.received ?? 0) + 20,
      ok: (before?.ok ?? 0) + 16,
      refused: (before?.refused ?? 0) + 4,
      failed: before?.failed ?? 0,
    });
    for (const socket of sockets) socket.close();
  });

  test('runs a task through its workflow and approves the version under review, live', async () => {
    await stack.startWorker();
    const agent = await stack.clientFor('agent-wes');
    await writeFile(path.join(stack.workspaceRoot, 'notes.md'), '# Notes\n\n*  one\n*  two\n');
    const { id } = await agent.collab.createTask({
      title: 'Format the notes',
      executor: { name: 'docs/format', args: { glob: 'notes.md' } },
    });
    const socket = await connect(
      `${stack.wsUrl}?ticket=${(await ticketFor(await stack.headersFor('agent-wes'))).ticket}`,
    );
    await socket.next('hello');
    socket.send({
      type: 'subscribe',
      id: 'task',
      filter: { task: [id], type: ['task_transitioned'] },
    });
    await socket.next('subscribed');
    socket.send({ type: 'command', id: 'run', text: `run ${id}` });
    const started = await socket.next('reply', (m) => m.id === 'run');
    expect(started.reply).toMatchObject({ outcome: 'ok', data: { workflow_id: `task-${id}` } });
    expect(started.reply.links.map((link) => link.label)).toContain('Temporal UI');
    await socket.next('event', (m) => m.event.details.to === 'review');

    const version = stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === id)?.version;
    socket.send({ type: 'command', id: 'ok', text: `approve ${id} version ${version}` });
    const approved = await socket.next('reply', (m) => m.id === 'ok');
    expect(approved.reply).toMatchObject({
      outcome: 'ok',
      title: `${id} approved at version ${version}`,
    });
    const event = await socket.next('event', (m) => m.event.details.to === 'approved');
    expect(event.event).toMatchObject({
      actor: 'agent-wes',
      details: { reason: `approved version ${version} via channel websocket` },
    });
    socket.close();
  });
});
