// Long file: the events HTTP contract (append, SSE tail with resume and reset, filters,
// long-poll, OpenAPI) on one server, one case per rule. A contract suite (vitest.config.ts): on
// PostgreSQL each start imports the directory's event log file, as a switch from files does.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import type { TailEventsOptions, TailFrame } from '@kyros/contracts/client/events-section';
import type { CollabClient } from '@kyros/contracts/client';
import { SseParser, type SseItem } from '@kyros/contracts/client/sse-parser';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import type { CollabEventLog } from './collab-event-log.ts';
import { EVENT_LOG_PATH } from './event-log.ts';
import { test, type ApiStarter } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';
import { committedEvents } from '@kyros/test-support/collab/collab-store-under-test';
import { appendMixedEvents } from '@kyros/test-support/collab/mixed-events';

let apis: ApiStarter;
let dir: string;
let server: InProcessApi;
let log: CollabEventLog;
let baseUrl: string;
let client: CollabClient;

test.beforeEach(async ({ apis: starter }) => {
  apis = starter;
  dir = await apis.collabDir([EVENT_LOG_PATH]);
});

async function start(options: { keepAliveMs?: number } = {}): Promise<void> {
  server = await apis.start({ dir, clock: 'real', keepAliveMs: options.keepAliveMs ?? 60_000 });
  ({ log, url: baseUrl, client } = server);
}

/** Reads frames until `until` says stop; leaving the loop disconnects the client. */
async function collect(
  options: TailEventsOptions,
  until: (frames: TailFrame[]) => boolean,
): Promise<TailFrame[]> {
  const frames: TailFrame[] = [];
  for await (const frame of client.tailEvents(options)) {
    frames.push(frame);
    if (until(frames)) break;
  }
  return frames;
}

function idsOf(frames: TailFrame[]): number[] {
  return frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.id] : []));
}

/** Parses the SSE response until `until` says stop (or the stream ends), then disconnects. */
async function readSse(
  response: Response,
  until: (items: SseItem[]) => boolean,
): Promise<SseItem[]> {
  const items: SseItem[] = [];
  const parser = new SseParser();
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  const decoder = new TextDecoder();
  while (reader && !until(items)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    items.push(...parser.push(decoder.decode(chunk.value, { stream: true })));
  }
  await reader?.cancel();
  return items;
}

/** The SSE messages of `response`, read until `count` of them arrived. */
async function readMessages(response: Response, count: number): Promise<SseItem[]> {
  const items = await readSse(
    response,
    (read) => read.filter((item) => item.type === 'message').length >= count,
  );
  return items.filter((item) => item.type === 'message');
}

async function rawStream(
  url: string,
  headers: Record<string, string>,
  until: (items: SseItem[]) => boolean,
) {
  const response = await fetch(url, { headers: { ...server.authHeaders, ...headers } });
  return { response, items: await readSse(response, until) };
}

describe('POST /collab/events', () => {
  test('appends and answers 201 with the new id once the event is committed', async () => {
    await start();
    const response = await fetch(`${baseUrl}/collab/events`, {
      method: 'POST',
      headers: { ...server.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'note_added', target: 'T-100' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true, id: 3 });
    expect((await committedEvents(server)).at(-1)).toMatchObject({
      id: 3,
      event: 'note_added',
      // The credential decides the actor: here the test's unbound key.
      actor: 'api_key:test-agent',
      details: {},
    });
  });
});

// Refusals change nothing, so they share the file's API instead of starting one each.
describe('POST /collab/events refusals', () => {
  let shared: InProcessApi;
  test.beforeAll(({ api }) => {
    shared = api;
  });

  test.each([
    ['an unknown field', 400, JSON.stringify({ event: 'x', actor: 'a', target: 't', extra: 1 })],
    ['a wrong type', 400, JSON.stringify({ event: 'x', actor: 7, target: 't' })],
    ['a bad event name', 400, JSON.stringify({ event: 'Task Claimed', actor: 'a', target: 't' })],
    [
      'details that are not an object',
      400,
      JSON.stringify({ event: 'x', actor: 'a', target: 't', details: [] }),
    ],
    ['malformed JSON', 400, '{"event": '],
    [
      'a body over 1 MB',
      413,
      JSON.stringify({
        event: 'x',
        actor: 'a',
        target: 't',
        details: { blob: 'x'.repeat(1 << 20) },
      }),
    ],
  ])(
    'refuses %s with %i problem+json and leaves the log unchanged',
    async (_case, status, body) => {
      const before = await committedEvents(shared);
      const response = await fetch(`${shared.url}/collab/events`, {
        method: 'POST',
        headers: { ...shared.authHeaders, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(ProblemSchema.parse(await response.json()).status).toBe(status);
      expect(await committedEvents(shared)).toEqual(before);
    },
  );

  test('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${shared.url}/collab/events`, {
      method: 'POST',
      headers: shared.authHeaders,
      body: 'event=x',
    });
    expect(response.status).toBe(415);
    expect(ProblemSchema.parse(await response.json()).code).toBe('unsupported_media_type');
  });
});

describe('GET /collab/events/tail', () => {
  test('resumes with Last-Event-ID after disconnects: every event exactly once, in order, while writers append', async () => {
    await start();
    const writers = Array.from({ length: 4 }, async () => {
      for (let n = 0; n < 60; n += 1) {
        await client.appendEvent({
          event: 'note_added',
          target: 'T-1',
          details: { n },
        });
      }
    });
    const finalId = 2 + 4 * 60;
    const received: number[] = [];
    let lastEventId: number | undefined;
    for (let connection = 0; received.at(-1) !== finalId; connection += 1) {
      // Leave after a few events each time; the last connection reads to the end.
      const quota = connection < 5 ? 15 : Infinity;
      const frames = await collect(
        lastEventId === undefined ? { since: 0 } : { lastEventId },
        (got) => got.length >= quota || idsOf(got).at(-1) === finalId,
      );
      received.push(...idsOf(frames));
      lastEventId = received.at(-1);
    }
    await Promise.all(writers);
    expect(received).toEqual(Array.from({ length: finalId }, (_, i) => i + 1));
  });

  test('streams over SSE with the right headers, retry, id and data frames, then keeps the stream alive', async () => {
    await start({ keepAliveMs: 20 });
    const { response, items } = await rawStream(
      `${baseUrl}/collab/events/tail?since=1`,
      {},
      (got) => got.some((item) => item.type === 'comment'),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(items[0]).toEqual({ type: 'retry', ms: 3000 });
    expect(items[1]).toMatchObject({ type: 'message', id: '2', event: 'message' });
    expect(JSON.parse((items[1] as { data: string }).data)).toMatchObject({
      id: 2,
      event: 'agents_seeded',
    });
    expect(items).toContainEqual({ type: 'comment', text: 'keep-alive' });
  });

  test('starts live when no resume point is given', async () => {
    await start();
    // The response headers arrive only after the stream has fixed its starting point.
    const response = await fetch(`${baseUrl}/collab/events/tail`, { headers: server.authHeaders });
    await client.appendEvent({ event: 'note_added', target: 't' });
    const messages = await readMessages(response, 1);
    expect(messages).toEqual([expect.objectContaining({ id: '3' })]);
  });

  test('delivers every event once, in order, to a live client that stopped reading for a while', async () => {
    await start();
    const response = await fetch(`${baseUrl}/collab/events/tail`, { headers: server.authHeaders });
    // 12 MB committed while the client reads nothing: more than the socket buffers hold, so the
    // stream stops writing live and later catches up from the log.
    const blob = 'x'.repeat(256 * 1024);
    await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        log.append({ event: 'note_added', actor: 'a', target: 'T-1', details: { i, blob } }),
      ),
    );
    const messages = await readMessages(response, 48);
    expect(messages.map((item) => (item.type === 'message' ? item.id : undefined))).toEqual(
      Array.from({ length: 48 }, (_, i) => String(i + 3)),
    );
    const order = messages.map((item) =>
      item.type === 'message'
        ? (JSON.parse(item.data) as { details: { i: number } }).details.i
        : -1,
    );
    expect(order).toEqual(Array.from({ length: 48 }, (_, i) => i));
  });

  test('resumes from an ISO date-time with the first event at or after it', async () => {
    await start();
    await appendMixedEvents(server.clientFor);
    const frames = await collect(
      { since: new Date('2026-11-25T00:00:00.000Z') },
      (got) => got.length >= 8,
    );
    expect(idsOf(frames)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('sends a reset, then the whole log, for an id that was never issued', async () => {
    await start();
    const frames = await collect({ since: 999 }, (got) => got.length >= 3);
    expect(frames[0]).toMatchObject({
      type: 'reset',
      reset: { reason: 'unknown_id', requested: '999', resume_after: 0 },
    });
    expect(idsOf(frames)).toEqual([1, 2]);
    const { items } = await rawStream(
      `${baseUrl}/collab/events/tail`,
      { 'last-event-id': '999' },
      (got) => got.length >= 2,
    );
    expect(items[1]).toMatchObject({ type: 'message', event: 'reset', id: '0' });
  });

  test('sends a reset for a resume point truncated out of the log, in SSE and long-poll alike', async () => {
    const lines = [40, 41].map((id) =>
      JSON.stringify({
        id,
        ts: '2026-11-25T01:00:00.000Z',
        event: 'note_added',
        actor: 'a',
        target: 't',
        details: {},
      }),
    );
    // The files backend's layout after an operator cut the head off; PostgreSQL imports it as is.
    await writeFile(path.join(dir, EVENT_LOG_PATH), `${lines.join('\n')}\n`);
    await start();
    const frames = await collect({ lastEventId: 10 }, (got) => got.length >= 3);
    expect(frames[0]).toMatchObject({
      type: 'reset',
      reset: { reason: 'truncated', oldest_id: 40, resume_after: 39 },
    });
    expect(idsOf(frames)).toEqual([40, 41]);
    const page = await client.listEvents({ after: 10 });
    expect(page.reset).toMatchObject({ reason: 'truncated', resume_after: 39 });
    expect(page.events.map((e) => e.id)).toEqual([40, 41]);
  });

  test('ends open streams and long-polls at shutdown, after what is committed, while appends still work', async () => {
    await start();
    const frames = collect({ since: 0 }, () => false);
    const polling = client.listEvents({ after: 2, wait: 30, task: ['T-nobody'] });
    await client.appendEvent({ event: 'note_added', target: 't' });
    log.stopReaders();
    expect(idsOf(await frames)).toEqual([1, 2, 3]);
    expect((await polling).events).toEqual([]);
    expect((await client.appendEvent({ event: 'note_added', target: 't' })).id).toBe(4);
  });
});

describe('OpenAPI', () => {
  test('documents every event route', async ({ api }) => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/collab/events'] ?? {})).toEqual(['post', 'get']);
    expect(document.paths['/collab/events/tail']).toHaveProperty('get');
    expect(document.paths['/collab/events/latest']).toHaveProperty('get');
    expect(document.components.schemas).toHaveProperty('EventsPage');
    expect(document.components.schemas).toHaveProperty('AppendEventRequest');
  });
});
