import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';
import type { EventIndex } from './event-index.ts';
import { matchesEventFilter } from './event-filter.ts';

export interface EventPage {
  events: CollabEvent[];
  /** Every event up to this id has been considered; pass it as `after` next time. */
  nextAfter: number;
}

/** Where reads come from: the in-memory index of recent events, and the file for older ones. */
export interface EventSource {
  index: EventIndex;
  /** Events from `fromId` on, up to `lastId`, as many as one read of the file gives. */
  readRange(fromId: number, lastId: number): Promise<CollabEvent[]>;
  /** Events up to `toId`, the newest last, as many as one read of the file gives. */
  readRangeBefore(toId: number): Promise<CollabEvent[]>;
}

/** Events after `after` that match, at most `limit`, oldest first. */
export async function readEventsAfter(
  source: EventSource,
  after: number,
  filter: EventFilter,
  limit: number,
): Promise<EventPage> {
  const { index } = source;
  const last = index.lastId;
  let cursor = Math.max(after, index.oldestId - 1);
  const events: CollabEvent[] = [];
  while (cursor < last && events.length < limit) {
    const fromMemory = index.recentEvent(cursor + 1);
    const batch = fromMemory ? [fromMemory] : await source.readRange(cursor + 1, last);
    for (const event of batch) {
      cursor = event.id;
      if (matchesEventFilter(event, filter)) events.push(event);
      if (events.length >= limit) break;
    }
  }
  return { events, nextAfter: cursor };
}

/**
 * The newest `limit` events that match, oldest first, read backwards from the end so the cost
 * follows what is read, not the length of the log. `nextAfter` is the last id considered: a tail
 * resumed from it misses nothing.
 */
export async function readLatestEvents(
  source: EventSource,
  filter: EventFilter,
  limit: number,
): Promise<EventPage> {
  const { index } = source;
  const last = index.lastId;
  const newestFirst: CollabEvent[] = [];
  let cursor = last;
  while (cursor >= index.oldestId && newestFirst.length < limit) {
    const fromMemory = index.recentEvent(cursor);
    const batch = fromMemory ? [fromMemory] : await source.readRangeBefore(cursor);
    for (let i = batch.length - 1; i >= 0 && newestFirst.length < limit; i -= 1) {
      const event = batch[i];
      if (event && matchesEventFilter(event, filter)) newestFirst.push(event);
    }
    cursor = (batch[0]?.id ?? cursor) - 1;
  }
  return { events: newestFirst.reverse(), nextAfter: last };
}
