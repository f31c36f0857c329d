// Event filters, long-poll and the latest events over HTTP. A contract suite (vitest.config.ts):
// on PostgreSQL each start imports the seeded event log file, as a switch from files does.
import { describe, expect } from 'vitest';
import type { TailEventsOptions, TailFrame } from '@kyros/contracts/client/events-section';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { ApiError, type CollabClient } from '@kyros/contracts/client';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { test, type ApiStarter } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';
import { EVENT_LOG_PATH } from './event-log.ts';
import { appendMixedEvents } from '@kyros/test-support/collab/mixed-events';

let apis: ApiStarter;
let server: InProcessApi;
let client: CollabClient;

test.beforeEach(({ apis: starter }) => {
  apis = starter;
});

async function start(): Promise<void> {
  server = await apis.start({ seed: [EVENT_LOG_PATH], clock: 'real', keepAliveMs: 60_000 });
  ({ client } = server);
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

describe('filters and long-poll', () => {
  const cases: Array<[string, TailEventsOptions, number[]]> = [
    ['task (target or details.task_id)', { task: ['T-100'] }, [3, 4, 8]],
    ['agent (actor or details.agent)', { agent: ['agent-atlas'] }, [3, 4, 7, 8]],
    ['type list', { type: ['task_claimed', 'executor_failed'] }, [3, 5, 6]],
    ['task and agent together', { task: ['T-101'], agent: ['agent-iris'] }, [5, 6]],
  ];

  test.each(cases)(
    'SSE and long-poll return the same events for %s',
    async (_name, filter, expected) => {
      await start();
      await appendMixedEvents(server.clientFor);
      const last = expected.at(-1);
      const sse = await collect({ since: 0, ...filter }, (got) => idsOf(got).at(-1) === last);
      expect(idsOf(sse)).toEqual(expected);
      const polled: CollabEvent[] = [];
      for (let after = 0; ;) {
        const page = await client.listEvents({ after, limit: 1, ...filter });
        polled.push(...page.events);
        if (page.events.length === 0) break;
        after = page.next_after;
      }
      expect(polled).toEqual(sse.flatMap((frame) => (frame.type === 'event' ? [frame.event] : [])));
    },
  );

  test('waits for the first matching event and skips the others', async () => {
    await start();
    let answered = false;
    const waiting = client
      .listEvents({ after: 2, wait: 30, task: ['T-9'] })
      .finally(() => (answered = true));
    await client.appendEvent({ event: 'note_added', target: 'T-1' });
    expect(answered).toBe(false);
    await client.appendEvent({ event: 'note_added', target: 'T-9' });
    const page = await waiting;
    expect(page.events.map((e) => [e.id, e.target])).toEqual([[4, 'T-9']]);
    expect(page.next_after).toBe(4);
  });

  test('returns at once with what exists, and an empty page after a short wait when nothing comes', async () => {
    await start();
    expect(await client.listEvents({ after: 0 })).toMatchObject({ next_after: 2 });
    expect(await client.listEvents({ after: 2, wait: 0.05 })).toEqual({
      events: [],
      next_after: 2,
    });
  });

  test('answers the newest matching events, oldest first, with the last id to follow from', async () => {
    await start();
    const writers = [await server.clientFor('a-0'), await server.clientFor('a-1')];
    for (let n = 0; n < 30; n += 1) {
      await writers[n % 2]?.appendEvent({
        event: 'note_added',
        actor: `a-${n % 2}`,
        target: `T-${n}`,
      });
    }

    const latest = await client.latestEvents({ agent: ['a-1'], limit: 3 });

    expect(latest.events.map((e) => e.target)).toEqual(['T-25', 'T-27', 'T-29']);
    expect(latest.next_after).toBe(32);
    expect((await client.latestEvents()).events.map((e) => e.id)).toEqual(
      Array.from({ length: 32 }, (_, i) => i + 1),
    );
  });
});

// Refusals change nothing, so they share the file's API instead of starting one each.
describe('refusals', () => {
  let shared: InProcessApi;
  test.beforeAll(({ api }) => {
    shared = api;
  });

  test.each([
    ['/collab/events/latest?limit=0', 'limit'],
    ['/collab/events/latest?limit=1001', 'limit'],
    ['/collab/events/latest?after=3', '(root)'],
    ['/collab/events?after=-1', 'after'],
    ['/collab/events?after=abc', 'after'],
    ['/collab/events?wait=31', 'wait'],
    ['/collab/events?wait=soon', 'wait'],
    ['/collab/events?limit=0', 'limit'],
    ['/collab/events?type=Not%20An%20Event', 'type'],
    ['/collab/events?task=', 'task'],
    ['/collab/events?colour=red', '(root)'],
    ['/collab/events/tail?since=yesterday', 'since'],
    ['/collab/events/tail?since=2026-13-45T00:00:00Z', 'since'],
  ])('refuses %s with a 400 naming %s', async (url, field) => {
    const response = await fetch(`${shared.url}${url}`, { headers: shared.authHeaders });
    expect(response.status).toBe(400);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.errors?.some((error) => error.path.split('.')[0] === field)).toBe(true);
  });

  test('surfaces refusals through the typed client as ApiError with the problem', async () => {
    const error: unknown = await shared.client.listEvents({ limit: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, problem: { code: 'invalid' } });
  });

  test('refuses a malformed Last-Event-ID with a 400', async () => {
    const response = await fetch(`${shared.url}/collab/events/tail`, {
      headers: { ...shared.authHeaders, 'last-event-id': 'x1' },
    });
    expect(response.status).toBe(400);
    expect(ProblemSchema.parse(await response.json()).errors?.[0]?.path).toBe('last-event-id');
  });
});
