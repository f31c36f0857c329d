import type { Response } from 'express';
import { z } from 'zod';

/** One Server-Sent Events message (WHATWG HTML, "Server-sent events", § 9.2.6). */
export type SseFrame = Omit<z.infer<typeof SseEventSchema>, 'retry'>;

export interface SseOptions {
  /** Interval of the keep-alive comment that stops proxies from closing an idle stream. */
  keepAliveMs?: number;
  /** How long a disconnected EventSource waits before reconnecting. */
  retryMs?: number;
}

export interface SseStream {
  /** Aborts when the client goes away or the stream is closed; stop producing then. */
  readonly signal: AbortSignal;
  /**
   * Resolves once the frames are handed to the socket (in one write), waiting out backpressure.
   * A frame object is serialised once however many streams send it.
   */
  send(frames: SseFrame | readonly SseFrame[]): Promise<void>;
  /**
   * Writes the frames now, in one write; false when the socket's buffer is full (or the stream is
   * closed), and the caller should wait for {@link drained} before sending more. A frame list
   * sent to many streams is serialised and encoded once.
   */
  trySend(frames: readonly SseFrame[]): boolean;
  /** Resolves when the socket can take more (at once if it can), or the stream ends. */
  drained(): Promise<void>;
  close(): void;
}

const FORBIDDEN_IN_FIELD = /[\r\n\0]/;

/**
 * Serialises a frame. A CR or LF in `id` or `event` would end the field early and let the rest be
 * read as another field (a frame injection), and a NUL makes browsers ignore an `id`, so both are
 * refused; `data` is split into one `data:` line per line.
 */
export function formatSseFrame(frame: SseFrame): string {
  let text = '';
  if (frame.id !== undefined) text += `id: ${checkedField('id', frame.id)}\n`;
  if (frame.event !== undefined) text += `event: ${checkedField('event', frame.event)}\n`;
  for (const line of frame.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

const serialised = new WeakMap<SseFrame, string>();
const encodedLists = new WeakMap<readonly SseFrame[], Buffer>();

function frameText(frame: SseFrame): string {
  let text = serialised.get(frame);
  if (text === undefined) {
    text = formatSseFrame(frame);
    serialised.set(frame, text);
  }
  return text;
}

/** The bytes of a frame list, kept while the list lives: fan-out shares one buffer per list. */
function listBytes(frames: readonly SseFrame[]): Buffer {
  let bytes = encodedLists.get(frames);
  if (bytes === undefined) {
    bytes = Buffer.from(frames.map(frameText).join(''), 'utf8');
    encodedLists.set(frames, bytes);
  }
  return bytes;
}

function checkedField(name: string, value: string): string {
  if (FORBIDDEN_IN_FIELD.test(value)) {
    throw new TypeError(`SSE ${name} must not contain CR, LF or NUL: ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The one way the API streams SSE: sets the headers (no caching, no proxy buffering), sends the
 * reconnect delay, keeps the connection alive with comments and cleans up when the client leaves.
 */
export function openSseStream(res: Response, options: SseOptions = {}): SseStream {
  const controller = new AbortController();
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // A stream holds its connection until it ends; closing it then (rather than keeping it idle
    // for reuse) is what lets a shutting-down server finish as soon as its streams have ended.
    Connection: 'close',
    // nginx buffers proxied responses unless told otherwise, which would hold events back.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);

  const close = (): void => {
    if (controller.signal.aborted) return;
    clearInterval(keepAlive);
    controller.abort();
    if (!res.writableEnded) res.end();
  };
  res.on('close', close);

  return {
    signal: controller.signal,
    async send(frames) {
      const text = Array.isArray(frames)
        ? (frames as readonly SseFrame[]).map(frameText).join('')
        : frameText(frames as SseFrame);
      if (text === '' || controller.signal.aborted || res.write(text)) return;
      await drainOrClose(res, controller.signal);
    },
    trySend(frames) {
      if (controller.signal.aborted) return false;
      if (frames.length === 0) return !res.writableNeedDrain;
      return res.write(listBytes(frames));
    },
    drained() {
      if (controller.signal.aborted || !res.writableNeedDrain) return Promise.resolve();
      return drainOrClose(res, controller.signal);
    },
    close,
  };
}

function drainOrClose(res: Response, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * One event of a stream this helper writes, as a client parses it (WHATWG HTML §9.2.6): the
 * schema an OpenAPI 3.1 `text/event-stream` response documents, one event at a time.
 */
export const SseEventSchema = z
  .object({
    id: z.string().optional(),
    event: z.string().optional().meta({ description: '`message` unless the frame names one' }),
    data: z.string().meta({ description: 'JSON: the payload the route documents' }),
    retry: z.number().int().nonnegative().optional(),
  })
  .meta({ id: 'SseEvent' });
