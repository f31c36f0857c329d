import { expect } from 'vitest';
import type { EventsPage } from '@kyros/contracts/schemas/collab-events';
import { test } from '@kyros/test-support/fixtures/integration-test';
import { EVENT_LOG_PATH } from './event-log.ts';

const WRITERS = 8;
const EVENTS_PER_WRITER = 25;

/** The ids of a page are consecutive, oldest first, and `next_after` is the last of them. */
function expectContiguous(page: EventsPage): void {
  const ids = page.events.map((event) => event.id);
  const first = ids[0] ?? page.next_after;
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => first + i));
  if (ids.length > 0) expect(page.next_after).toBe(ids.at(-1));
}

test('reads a consistent, advancing tail while many writers append at once', async ({ apis }) => {
  const started = await apis.start({ seed: [EVENT_LOG_PATH], clock: 'real', keepAliveMs: 60_000 });
  const { client } = started;
  const seeded = (await client.latestEvents({ limit: 1000 })).next_after;
  const writers = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) => started.clientFor(`writer-${w}`)),
  );

  let writing = true;
  const pages: EventsPage[] = [];
  const reader = (async () => {
    while (writing) pages.push(await client.latestEvents({ limit: 20 }));
  })();
  await Promise.all(
    writers.map(async (writer, w) => {
      for (let n = 0; n < EVENTS_PER_WRITER; n += 1) {
        await writer.appendEvent({ event: 'note_added', target: `T-${w}`, details: { n } });
      }
    }),
  );
  writing = false;
  await reader;

  expect(pages.length).toBeGreaterThan(1);
  pages.forEach(expectContiguous);
  const tails = pages.map((page) => page.next_after);
  expect(tails).toEqual([...tails].sort((a, b) => a - b));

  // Whatever a tail read showed is exactly what the log holds at those ids: nothing torn or phantom.
  const all = await client.listEvents({ after: 0, limit: 1000 });
  const byId = new Map(all.events.map((event) => [event.id, event]));
  for (const page of pages) {
    for (const event of page.events) expect(byId.get(event.id)).toEqual(event);
  }
  expect(all.next_after).toBe(seeded + WRITERS * EVENTS_PER_WRITER);

  // Per writer, the newest events come back in that writer's own order.
  for (let w = 0; w < WRITERS; w += 1) {
    const latest = await client.latestEvents({ agent: [`writer-${w}`], limit: 5 });
    expect(latest.events.map((event) => event.details)).toEqual(
      [20, 21, 22, 23, 24].map((n) => ({ n })),
    );
  }
});
