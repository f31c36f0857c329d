import type { CollabEvent, EventFilter } from '@kyros/contracts/collab-events';
import type { SseFrame, SseStream } from '../../http/sse.ts';
import type { ResolvedCursor } from './event-cursor.ts';
import type { EventLog } from './event-log.ts';

const REPLAY_PAGE = 256;

// Events in the log's memory window are shared objects, so every subscriber sends the same frame
// and the stream helper serialises it once instead of once per subscriber.
const frames = new WeakMap<CollabEvent, SseFrame>();

function frameOf(event: CollabEvent): SseFrame {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = { id: String(event.id), data: JSON.stringify(event) };
    frames.set(event, frame);
  }
  return frame;
}

/**
 * Replays what the client missed, then follows the log live, over one SSE stream. Events are
 * plain `message` frames whose `id:` is the event id, so an EventSource needs one `onmessage` for
 * every event type (the type is in the data) and resumes by itself with `Last-Event-ID`. A resume
 * point that is gone first gets a `reset` frame whose id is where delivery restarts.
 *
 * The stream pulls from the log at its own pace, so a slow client lags behind instead of making
 * the server queue events for it; it ends when the client leaves or the log stops its readers
 * at shutdown.
 */
export async function streamEvents(
  log: EventLog,
  sse: SseStream,
  start: ResolvedCursor,
  filter: EventFilter,
): Promise<void> {
  if (start.reset) {
    await sse.send({
      id: String(start.reset.resume_after),
      event: 'reset',
      data: JSON.stringify(start.reset),
    });
  }
  let cursor = start.after;
  while (!sse.signal.aborted) {
    if (cursor >= log.lastId) {
      // Shutting down: everything committed has been sent, so hang up.
      if (log.readersStopped) break;
      await log.waitForEventsAfter(cursor, sse.signal);
      continue;
    }
    const page = await log.readAfter(cursor, filter, REPLAY_PAGE);
    if (sse.signal.aborted) return;
    // One write per page: a frame per event, in order.
    await sse.send(page.events.map(frameOf));
    cursor = page.nextAfter;
  }
  sse.close();
}
