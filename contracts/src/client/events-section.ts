import {
  AppendEventResponse,
  CollabEventSchema,
  EventsPage,
  EventStreamReset,
  GenerateLogResponse,
  type CollabEvent,
  type EventFilter,
  type GenerateLogRequest,
  type AppendEventRequest,
} from '../schemas/collab-events.ts';
import type { RequestCore } from './request-core.ts';
import { SseParser } from './sse-parser.ts';

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

/** The event log: append, long-poll, SSE tail and the human log. */
export function createEventsSection(core: RequestCore) {
  return {
    appendEvent(event: AppendEventRequest): Promise<AppendEventResponse> {
      return core.json('POST', '/collab/events', AppendEventResponse, { body: event });
    },

    listEvents(options: ListEventsOptions = {}): Promise<EventsPage> {
      return core.json('GET', '/collab/events', EventsPage, {
        query: {
          ...filterQuery(options),
          after: options.after,
          wait: options.wait,
          limit: options.limit,
        },
        signal: options.signal,
      });
    },

    /** The newest `limit` matching events, oldest first (`GET /collab/events/latest`). */
    latestEvents(options: EventFilter & { limit?: number } = {}): Promise<EventsPage> {
      return core.json('GET', '/collab/events/latest', EventsPage, {
        query: { ...filterQuery(options), limit: options.limit },
      });
    },

    /** One SSE connection; ends when the server ends it. Resume with the last event's id. */
    async *tailEvents(options: TailEventsOptions = {}): AsyncGenerator<TailFrame> {
      const since =
        options.since instanceof Date ? options.since.toISOString() : options.since?.toString();
      const response = await core.send('GET', '/collab/events/tail', {
        query: { ...filterQuery(options), since },
        headers: {
          accept: 'text/event-stream',
          'last-event-id':
            options.lastEventId === undefined ? undefined : String(options.lastEventId),
        },
        signal: options.signal,
      });
      if (!response.body) throw new Error('GET /collab/events/tail: the answer has no body');
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

    generateLog(filter: GenerateLogRequest['filter'] = {}): Promise<GenerateLogResponse> {
      return core.json('POST', '/collab/logs/generate', GenerateLogResponse, { body: { filter } });
    },
  };
}

function filterQuery(filter: EventFilter) {
  return {
    task: filter.task?.join(','),
    agent: filter.agent?.join(','),
    type: filter.type?.join(','),
  };
}
