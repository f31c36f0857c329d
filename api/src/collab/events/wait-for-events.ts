import type { EventFilter, EventsPage } from '@kyros/contracts/schemas/collab-events';
import type { ResolvedCursor } from './event-cursor.ts';
import type { CollabEventLog } from './collab-event-log.ts';

export interface WaitForEventsOptions {
  start: ResolvedCursor;
  filter: EventFilter;
  limit: number;
  waitMs: number;
  /** Aborts when the client gives up, so an abandoned poll stops waiting. */
  signal: AbortSignal;
}

/**
 * The long-poll fallback for clients that cannot hold an SSE stream: the same events, in the same
 * order and with the same filter semantics, as JSON. Returns at once when something matches,
 * otherwise waits up to `waitMs` for the first matching event.
 */
export async function waitForEvents(
  log: CollabEventLog,
  options: WaitForEventsOptions,
): Promise<EventsPage> {
  const { start, filter, limit } = options;
  let page = await log.readAfter(start.after, filter, limit);
  if (page.events.length === 0 && options.waitMs > 0) {
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.waitMs)]);
    while (page.events.length === 0 && !signal.aborted && !log.readersStopped) {
      await log.waitForEventsAfter(page.nextAfter, signal);
      page = await log.readAfter(page.nextAfter, filter, limit);
    }
  }
  return {
    events: page.events,
    next_after: page.nextAfter,
    ...(start.reset ? { reset: start.reset } : {}),
  };
}
