import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';
import type { SseFrame, SseStream } from '../../http/sse.ts';
import type { ResolvedCursor } from './event-cursor.ts';
import { matchesEventFilter } from './event-filter.ts';
import type { CollabEventLog } from './collab-event-log.ts';

const REPLAY_PAGE = 256;

// Events in the log's memory window are shared objects, so every subscriber sends the same frame
// and the stream helper serialises it once instead of once per subscriber.
const frames = new WeakMap<CollabEvent, SseFrame>();
// A committed batch is one array handed to every live stream: streams without a filter share its
// frame list, which the stream helper encodes once for all of them.
const batchFrames = new WeakMap<readonly CollabEvent[], readonly SseFrame[]>();

function frameOf(event: CollabEvent): SseFrame {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = { id: String(event.id), data: JSON.stringify(event) };
    frames.set(event, frame);
  }
  return frame;
}

function framesOf(batch: readonly CollabEvent[], filter: EventFilter): readonly SseFrame[] {
  if (filter.task || filter.agent || filter.type) {
    return batch.filter((event) => matchesEventFilter(event, filter)).map(frameOf);
  }
  let list = batchFrames.get(batch);
  if (list === undefined) {
    list = batch.map(frameOf);
    batchFrames.set(batch, list);
  }
  return list;
}

/**
 * Replays what the client missed, then follows the log live, over one SSE stream. Events are
 * plain `message` frames whose `id:` is the event id, so an EventSource needs one `onmessage` for
 * every event type (the type is in the data) and resumes by itself with `Last-Event-ID`. A resume
 * point that is gone first gets a `reset` frame whose id is where delivery restarts.
 *
 * Two modes. Behind the log (replay, or a client that fell behind), the stream pulls pages from
 * the log at its own pace, so a slow client lags instead of making the server queue events for
 * it. Caught up, it follows live: each committed batch is written to the socket as soon as it is
 * durable, in one write and without waiting for a turn of its own; the first write the socket
 * cannot take at once switches the stream back to pulling, from where it stopped, once the socket
 * drains. The stream ends when the client leaves or the log stops its readers at shutdown.
 */
export async function streamEvents(
  log: CollabEventLog,
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
    if (cursor < log.lastId) {
      const page = await log.readAfter(cursor, filter, REPLAY_PAGE);
      if (sse.signal.aborted) return;
      // One write per page: a frame per event, in order.
      await sse.send(page.events.map(frameOf));
      cursor = page.nextAfter;
      continue;
    }
    // Shutting down: everything committed has been sent, so hang up.
    if (log.readersStopped) break;
    // No await since the check above: no batch can commit before the stream subscribes.
    cursor = await followLive(log, sse, cursor, filter);
    await sse.drained();
  }
  sse.close();
}

/**
 * Writes each batch committed after `after` as it commits. Resolves with the last id handled
 * when the socket pushes back (the caller pulls from there), the client leaves or the log stops.
 */
function followLive(
  log: CollabEventLog,
  sse: SseStream,
  after: number,
  filter: EventFilter,
): Promise<number> {
  return new Promise((resolve) => {
    let cursor = after;
    let stopped = false;
    let undoStop = (): void => undefined;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      undoStop();
      sse.signal.removeEventListener('abort', stop);
      resolve(cursor);
    };
    const unsubscribe = log.subscribe((batch) => {
      const first = batch[0];
      // A gap cannot happen while subscribed; if it ever did, pulling from the cursor repairs it.
      if (first === undefined || first.id !== cursor + 1) return stop();
      const written = sse.trySend(framesOf(batch, filter));
      cursor = batch[batch.length - 1]?.id ?? cursor;
      if (!written) stop();
    });
    sse.signal.addEventListener('abort', stop, { once: true });
    undoStop = log.onReadersStopped(stop);
    if (sse.signal.aborted) stop();
  });
}
