// Long file: one stack (API + daemon + real shells) serves every behaviour of the security model.
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { issueWsTicket, redeemWsTicket } from '@kyros/api/channels/operations/ws-tickets';
import { TerminalTicketResponse } from '@kyros/contracts/schemas/terminal';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { TERMINAL_CLOSE_CODES } from '@kyros/contracts/schemas/terminal';
import type { TerminalStack } from '@kyros/test-support/stacks/terminal-test-stack';
import { test } from '@kyros/test-support/fixtures/integration-test';
import { TerminalTestSocket } from '@kyros/test-support/terminal/terminal-test-socket';

let stack: TerminalStack;
test.beforeAll(({ terminal }) => {
  stack = terminal;
});

async function mint(headers: Record<string, string>, body: object = {}): Promise<Response> {
  return fetch(`${stack.api.url}/terminal/tickets`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function ticketFor(user: string, body: object = {}): Promise<string> {
  const response = await mint(await stack.userHeaders(user, 'operator'), body);
  expect(response.status).toBe(201);
  return TerminalTicketResponse.parse(await response.json()).ticket;
}

async function openSession(user: string, body: object = {}, daemonUrl = stack.daemonUrl) {
  const socket = await TerminalTestSocket.open(daemonUrl, { ticket: await ticketFor(user, body) });
  return { socket, ready: await socket.ready() };
}

/** Waits (long-polling the API) for the event of `type` about `sessionId`. */
async function eventOf(type: string, sessionId: string): Promise<CollabEvent> {
  let after = 0;
  for (;;) {
    const page = await stack.daemonClient.collab.listEvents({ type: [type], after, wait: 10 });
    const found = page.events.find((each) => each.details.session_id === sessionId);
    if (found) return found;
    after = page.next_after;
  }
}

const marker = () => `kyros-${Math.random().toString(36).slice(2, 10)}`;
/** A command printing `<marker>-said`: text the echo of the typed line does not contain. */
const say = (text: string) => `printf '%s-%s\\n' ${text} said\n`;

describe('tickets', () => {
  test('a ticket opens one session and is refused the second time (401)', async () => {
    const ticket = await ticketFor('reuse');
    const first = await TerminalTestSocket.open(stack.daemonUrl, { ticket });
    await first.ready();
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket })).toBe(401);
    first.ws.close();
  });

  test('of two connections racing with one ticket exactly one gets in', async () => {
    const ticket = await ticketFor('race');
    const statuses = await Promise.all(
      [1, 2, 3].map(() => TerminalTestSocket.statusOf(stack.daemonUrl, { ticket })),
    );
    expect(statuses.sort()).toEqual([101, 401, 401]);
  });

  test('an expired ticket is refused (401)', async () => {
    const ticket = await ticketFor('late');
    stack.clock.advance(31);
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket })).toBe(401);
  });

  test('a viewer, an agent and an API key cannot mint one (403); nobody anonymous (401)', async () => {
    expect((await mint(await stack.userHeaders('viewer', 'viewer'))).status).toBe(403);
    expect((await mint(await stack.userHeaders('agent', 'agent'))).status).toBe(403);
    expect((await mint(stack.api.auth.agentHeaders)).status).toBe(403);
    expect((await mint({})).status).toBe(401);
  });

  test('a channel ticket opens no terminal, and a terminal ticket is no channel ticket', async () => {
    const headers = await stack.userHeaders('purpose', 'operator');
    const principal = await authenticateCredential({
      deps: stack.api.auth.auth.deps,
      credential: (headers.authorization ?? '').replace(/^Bearer /, ''),
    });
    const prisma = stack.api.auth.prisma;
    const channelTicket = await issueWsTicket({ prisma, principal, ttlSeconds: 30 });
    expect(
      await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket: channelTicket.ticket }),
    ).toBe(401);
    expect(await redeemWsTicket({ prisma, ticket: channelTicket.ticket })).toMatchObject({
      actor: principal.actor,
    });
    expect(await redeemWsTicket({ prisma, ticket: await ticketFor('purpose') })).toBeUndefined();
  });

  test('a ticket for a task that does not exist is refused (404)', async () => {
    const response = await mint(await stack.userHeaders('ops', 'operator'), { task_id: 'T-9999' });
    expect(response.status).toBe(404);
  });

  test('the daemon refuses a request with a wrong or missing Origin (403), leaving the ticket unused', async () => {
    const ticket = await ticketFor('origin');
    expect(
      await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket }, 'http://evil.example'),
    ).toBe(403);
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket }, '')).toBe(403);
    // The origin is checked before the ticket is redeemed: the right page can still use it.
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, { ticket })).toBe(101);
  });
});

describe('the shell', () => {
  test('runs in the workspace with an environment that carries no secret', async () => {
    const { socket } = await openSession('env');
    const done = marker();
    socket.type(`env; pwd; ${say(done)}`);
    const output = await socket.waitForOutput(`${done}-said\r\n`);
    for (const [name, value] of Object.entries(stack.secrets)) {
      expect(output, name).not.toContain(value);
      expect(output, name).not.toMatch(new RegExp(`^${name}=`, 'm'));
    }
    expect(output).toMatch(/^TERM=xterm-256color\r?$/m);
    expect(output).toMatch(/^KYROS_TERMINAL_SESSION=ts_/m);
    expect(output).toContain(`\r\n${stack.workspaceRoot}\r\n`);
    socket.ws.close();
  });

  test('replays the scrollback when the same session is resumed with a new ticket', async () => {
    const { socket, ready } = await openSession('resume');
    const before = marker();
    socket.type(say(before));
    await socket.waitForOutput(`${before}-said\r\n`);
    socket.ws.close();
    await socket.closed;

    const resumed = await TerminalTestSocket.open(stack.daemonUrl, {
      ticket: await ticketFor('resume'),
      session: ready.session_id,
      resume: ready.resume_token,
    });
    expect(await resumed.ready()).toMatchObject({ session_id: ready.session_id, resumed: true });
    await resumed.waitForOutput(`${before}-said\r\n`);
    const after = marker();
    resumed.type(say(after));
    await resumed.waitForOutput(`${after}-said\r\n`);
    resumed.ws.close();
  });

  test('refuses to resume with a wrong token or as another person (404)', async () => {
    const { socket, ready } = await openSession('owner');
    const wrongToken = {
      ticket: await ticketFor('owner'),
      session: ready.session_id,
      resume: 'not-the-token',
    };
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, wrongToken)).toBe(404);
    const otherPerson = {
      ticket: await ticketFor('intruder'),
      session: ready.session_id,
      resume: ready.resume_token,
    };
    expect(await TerminalTestSocket.statusOf(stack.daemonUrl, otherPerson)).toBe(404);
    socket.ws.close();
  });

  test('closes an idle session (close code 4000) and records why', async () => {
    const idle = await stack.startDaemon({ idleMs: 300 });
    const { socket, ready } = await openSession('idle', {}, idle.url);
    expect((await socket.closed).code).toBe(TERMINAL_CLOSE_CODES.idleTimeout);
    const closed = await eventOf('terminal_session_closed', ready.session_id);
    expect(closed.details).toMatchObject({ reason: 'idle' });
  });
});

describe('recordings and events', () => {
  test('a daemon starting removes recordings older than the retention and keeps the rest', async () => {
    await mkdir(stack.castsDir, { recursive: true });
    const aged = async (name: string, days: number) => {
      const at = path.join(stack.castsDir, name);
      await writeFile(at, '{"version": 2}\n');
      const then = new Date(Date.now() - days * 86_400_000);
      await utimes(at, then, then);
    };
    await aged('ts_expired00000000.cast', 8);
    await aged('ts_kept00000000000.cast', 6);
    const { daemon } = await stack.startDaemon({ castRetentionDays: 7 });
    expect(await daemon.castsSwept).toEqual(['ts_expired00000000.cast']);
    const left = await readdir(stack.castsDir);
    expect(left).toContain('ts_kept00000000000.cast');
    expect(left).not.toContain('ts_expired00000000.cast');
  });

  test('records an asciicast v2 file and appends opened/closed events with task, duration and exit code', async () => {
    const { socket, ready } = await openSession('recorded', { task_id: 'T-101' });
    const said = marker();
    socket.type(`${say(said).trimEnd()}; exit 3\n`);
    expect((await socket.closed).code).toBe(1000);
    expect(socket.messages).toContainEqual({ type: 'exit', exit_code: 3 });

    const opened = await eventOf('terminal_session_opened', ready.session_id);
    const closed = await eventOf('terminal_session_closed', ready.session_id);
    expect(opened).toMatchObject({
      actor: 'api_key:terminal-daemon',
      target: 'T-101',
      details: { task_id: 'T-101', recording: `${ready.session_id}.cast` },
    });
    expect(String(opened.details.user)).toMatch(/^user:recorded-/);
    expect(closed.details).toMatchObject({ task_id: 'T-101', exit_code: 3, reason: 'exit' });
    expect(closed.details.duration_ms).toEqual(expect.any(Number));

    // The closed event is appended after the recording is flushed.
    const cast = await readFile(path.join(stack.castsDir, `${ready.session_id}.cast`), 'utf8');
    const [headerLine, ...eventLines] = cast.trimEnd().split('\n');
    expect(JSON.parse(headerLine ?? '')).toMatchObject({ version: 2, width: 80, height: 24 });
    const events = eventLines.map((line) => JSON.parse(line) as [number, string, string]);
    for (const [time, code, data] of events) {
      expect(time).toBeGreaterThanOrEqual(0);
      expect(['o', 'r']).toContain(code);
      expect(typeof data).toBe('string');
    }
    expect(events.map(([, , data]) => data).join('')).toContain(`${said}-said`);
  });
});

describe('many people at once', () => {
  test('runs concurrent sessions of several people, each seeing only its own output', async () => {
    const people = ['ana', 'ben', 'chloe', 'dev', 'eli'];
    const sessions = await Promise.all(
      people.flatMap((person) => [openSession(person), openSession(person)]),
    );
    const said = sessions.map(() => marker());
    sessions.forEach(({ socket }, index) => socket.type(say(said[index] ?? '')));
    await Promise.all(
      sessions.map(({ socket }, index) => socket.waitForOutput(`${said[index]}-said\r\n`)),
    );
    sessions.forEach(({ socket }, index) => {
      for (const other of said.filter((_, each) => each !== index)) {
        expect(socket.output).not.toContain(other);
      }
    });
    for (const { socket } of sessions) socket.ws.close();
  });

  test('lets one person open at most the limit, even all at once (429 beyond it)', async () => {
    const limited = await stack.startDaemon({ maxSessionsPerUser: 2 });
    const tickets = await Promise.all([1, 2, 3, 4].map(() => ticketFor('greedy')));
    const statuses = await Promise.all(
      tickets.map((ticket) => TerminalTestSocket.statusOf(limited.url, { ticket })),
    );
    expect(statuses.filter((status) => status === 101)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  });
});

describe('probes', () => {
  test('answers /healthz and /readyz (API, shell and recordings checked)', async () => {
    const base = stack.daemonUrl.replace(/^ws/, 'http');
    expect((await fetch(new URL('/healthz', base))).status).toBe(200);
    const ready = await fetch(new URL('/readyz', base));
    const body = (await ready.json()) as { status: string; checks: { name: string }[] };
    expect(ready.status).toBe(200);
    expect(body.checks.map((each) => each.name)).toEqual(['api', 'shell', 'recordings']);
  });
});
