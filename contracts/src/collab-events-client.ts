import {
  AppendEventResponse,
  CollabEventSchema,
  EventsPage,
  EventStreamReset,
  GenerateLogResponse,
  type CollabEvent,
  type EventFilter,
  type GenerateLogRequest,
  type NewEvent,
} from './collab-events.ts';
import { CollabApiError } from './collab-api-error.ts';

export interface CollabEventsClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

export interface ListEventsOptions extends EventFilter {
  after?: number;
  /** Seconds to wait for the first matching event (at most 30). */
  wait?: number;
  limit?: number;
  signal?: AbortSignal;
}

export interface TailEventsOptions extends EventFilter {
  /** Replay after this event id, or from this instant on. */
  since?: number | Date;
  /** Resume point of a previous stream; wins over `since`, as it does for EventSource. */
  lastEventId?: number;
  signal?: AbortSignal;
}

export type TailFrame =
  { type: 'event'; event: CollabEvent } | { type: 'reset'; reset: EventStreamReset };

/** Typed access to the event log routes: append, long-poll, SSE tail, human log. */
export function createCollabEventsClient(options: CollabEventsClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const url = (path: string, query: Record<string, string | undefined> = {}): URL => {
    const target = new URL(path, options.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) target.searchParams.set(key, value);
    }
    return target;
  };
  const postJson = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetchImpl(url(path), {
      method: 'POST',
      headers: { ...options.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return readJson(response);
  };

  return {
    async appendEvent(event: NewEvent): Promise<AppendEventResponse> {
      return AppendEventResponse.parse(await postJson('/collab/events', event));
    },

    async listEvents(query: ListEventsOptions = {}): Promise<EventsPage> {
      const response = await fetchImpl(
        url('/collab/events', {
          ...filterQuery(query),
          after: query.after?.toString(),
          wait: query.wait?.toString(),
          limit: query.limit?.toString(),
        }),
        { headers: options.headers, signal: query.signal },
      );
      return EventsPage.parse(await readJson(response));
    },

    /** The newest `limit` matching events, oldest first (`GET /collab/events/latest`). */
    async latestEvents(query: EventFilter & { limit?: number } = {}): Promise<EventsPage> {
      const response = await fetchImpl(
        url('/collab/events/latest', { ...filterQuery(query), limit: query.limit?.toString() }),
        { headers: options.headers },
      );
      return EventsPage.parse(await readJson(response));
    },

    /** One SSE connection; ends when the server ends it. Resume with the last event's id. */
    async *tailEvents(query: TailEventsOptions = {}): AsyncGenerator<TailFrame> {
      const since =
        query.since instanceof Date ? query.since.toISOString() : query.since?.toString();
      const response = await fetchImpl(
        url('/collab/events/tail', { ...filterQuery(query), since }),
        {
          headers: {
            ...options.headers,
            accept: 'text/event-stream',
            ...(query.lastEventId === undefined
              ? {}
              : { 'last-event-id': String(query.lastEventId) }),
          },
          signal: query.signal,
        },
      );
      if (!response.ok || !response.body) throw await CollabApiError.from(response);
      const parser = new SseParser();
      const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          for (const item of parser.push(decoder.decode(chunk.value, { stream: true }))) {
            if (item.type !== 'message') continue;
            const data: unknown = JSON.parse(item.data);
            yield item.event === 'reset'
              ? { type: 'reset', reset: EventStreamReset.parse(data) }
              : { type: 'event', event: CollabEventSchema.parse(data) };
          }
        }
      } finally {
        await reader.cancel();
      }
    },

    async generateLog(filter: GenerateLogRequest['filter'] = {}): Promise<GenerateLogResponse> {
      return GenerateLogResponse.parse(await postJson('/collab/logs/generate', { filter }));
    },
  };
}

export type CollabEventsClient = ReturnType<typeof createCollabEventsClient>;

function filterQuery(filter: EventFilter): Record<string, string | undefined> {
  return {
    task: filter.task?.join(','),
    agent: filter.agent?.join(','),
    type: filter.type?.join(','),
  };
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.ok) throw await CollabApiError.from(response);
  return response.json();
}

export type SseItem =
  | { type: 'message'; id: string; event: string; data: string }
  | { type: 'comment'; text: string }
  | { type: 'retry'; ms: number };

/**
 * An incremental parser for `text/event-stream` (WHATWG HTML § 9.2.6): feed it decoded text as
 * it arrives; it returns complete messages, comments and `retry:` hints.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastEventId = '';

  push(text: string): SseItem[] {
    this.buffer += text;
    const items: SseItem[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (end === -1 || (end === this.buffer.length - 1 && this.buffer.endsWith('\r'))) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const item = this.line(line);
      if (item) items.push(item);
    }
    return items;
  }

  private line(line: string): SseItem | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return { type: 'comment', text: line.slice(1).trimStart() };
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) return { type: 'retry', ms: Number(value) };
    return undefined;
  }

  private dispatch(): SseItem | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { type: 'message', id: this.lastEventId, event, data: data.join('\n') };
  }
}
