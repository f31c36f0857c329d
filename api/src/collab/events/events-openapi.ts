import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  AppendEventResponse,
  EventsPage,
  LatestEventsQuery,
  ListEventsQuery,
  AppendEventRequest,
  TailEventsHeaders,
  TailEventsQuery,
} from '@kyros/contracts/schemas/collab-events';
import { problemResponse } from '../../openapi/problem-response.ts';

const FILTERS =
  'Filters apply on the server: `task` matches `target` or `details.task_id`, `agent` matches `actor` or `details.agent`, `type` matches the event name; each takes a comma-separated list (any value matches) and all given filters must match.';

export function registerEventsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/collab/events',
    tags: ['Collaboration events'],
    summary: 'Append an event to the log',
    description:
      'The log assigns the next integer `id` and the `ts`, and answers only once the event is fsynced. Concurrent appends share one fsync (group commit). History is never rewritten. 503 when the log cannot be written (nothing was recorded).',
    request: {
      body: { required: true, content: { 'application/json': { schema: AppendEventRequest } } },
    },
    responses: {
      201: {
        description: 'Appended and durable',
        content: { 'application/json': { schema: AppendEventResponse } },
      },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/events/tail',
    tags: ['Collaboration events'],
    summary: 'Follow the event log live (Server-Sent Events)',
    description: [
      'One stream carries every event type. It starts with `retry:`; each event is a `message` frame (no `event:` line) with `id: <event id>` and `data: <CollabEvent JSON>`. A `: keep-alive` comment is sent every 15 s.',
      'Resume with the `Last-Event-ID` header (sent by EventSource on reconnect; it wins over `since`) or `?since=<id|ISO date-time>`: everything after it is replayed, then the stream goes live, each event exactly once and in order. Without either the stream starts live.',
      'A resume point that is gone (an id never issued, or events truncated from the log) gets an `event: reset` frame whose data is an `EventStreamReset` and whose `id` is `resume_after`; every event still in the log follows, so discard what you derived before.',
      FILTERS,
    ].join('\n\n'),
    request: { query: TailEventsQuery, headers: TailEventsHeaders },
    responses: {
      200: {
        description: 'An endless `text/event-stream`',
        content: {
          'text/event-stream': {
            schema: z.string().describe('SSE frames; data is CollabEvent or EventStreamReset JSON'),
          },
        },
      },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/events/latest',
    tags: ['Collaboration events'],
    summary: 'Read the newest events',
    description: [
      'The newest `limit` events that match, oldest first, read backwards from the end of the log: the cost follows what is returned, not the length of the log. `next_after` is the last event id of the log when it was read; follow the tail or long-poll from there to miss nothing.',
      FILTERS,
    ].join('\n\n'),
    request: { query: LatestEventsQuery },
    responses: {
      200: {
        description: 'The newest events',
        content: { 'application/json': { schema: EventsPage } },
      },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/events',
    tags: ['Collaboration events'],
    summary: 'Read or long-poll the event log as JSON',
    description: [
      'The long-poll fallback of the tail: the same events, in the same order, with the same filters. Returns at once when events after `after` match; otherwise waits up to `wait` seconds for the first one, then returns (possibly empty). Continue with `after = next_after`.',
      'An `after` that is not a valid resume point yields `reset` and the events from the oldest one on.',
      FILTERS,
    ].join('\n\n'),
    request: { query: ListEventsQuery },
    responses: {
      200: {
        description: 'A page of events',
        content: { 'application/json': { schema: EventsPage } },
      },
      ...problemResponse,
    },
  });
}
