import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  AppendEventRequest,
  AppendEventResponse,
  EventsPage,
  LatestEventsQuery,
  ListEventsQuery,
  TailEventsHeaders,
  TailEventsQuery,
  type EventFilter,
} from '@kyros/contracts/schemas/collab-events';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { routeModule, type ApiModule } from '../../api-module.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import { appendEvent as appendEventOperation } from '../operations/append-event.ts';
import { logSuccessAtDebug } from '../../http/request-logger.ts';
import { defineRoute, jsonContent } from '../../http/route.ts';
import { openSseStream, SseEventSchema } from '../../http/sse.ts';
import { resolveResumePoint } from './resolve-resume-point.ts';
import type { CollabEventLog } from './collab-event-log.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { streamEvents } from './stream-events.ts';
import { waitForEvents } from './wait-for-events.ts';

export interface EventsModuleDeps {
  log: CollabEventLog;
  /** Records the writes an admin makes for someone else (`acting_for`). */
  audit: AuditLog;
  /** SSE keep-alive interval; 15 s unless a test needs to see one sooner. */
  keepAliveMs?: number;
  retryMs?: number;
}

const TAGS = ['Collaboration events'];
const FILTERS =
  'Filters apply on the server: `task` matches `target` or `details.task_id`, `agent` matches `actor` or `details.agent`, `type` matches the event name; each takes a comma-separated list (any value matches) and all given filters must match.';

/** `POST /collab/events`, the SSE tail, the long-poll fallback and the latest events, over one {@link CollabEventLog}. */
export function eventsModule(deps: EventsModuleDeps): ApiModule {
  return routeModule('collab-events', [
    defineRoute({
      method: 'post',
      path: '/collab/events',
      role: 'agent',
      tags: TAGS,
      summary: 'Append an event to the log',
      description:
        'The log assigns the next integer `id` and the `ts`, and answers only once the event is fsynced. Concurrent appends share one fsync (group commit). History is never rewritten. 503 when the log cannot be written (nothing was recorded).',
      body: { schema: AppendEventRequest },
      responses: {
        201: { description: 'Appended and durable', ...jsonContent(AppendEventResponse) },
      },
      handle: ({ body }, { req, res }) => appendEvent(deps, body, req, res),
    }),
    defineRoute({
      method: 'get',
      path: '/collab/events/tail',
      role: 'viewer',
      tags: TAGS,
      summary: 'Follow the event log live (Server-Sent Events)',
      description: [
        'One stream carries every event type. It starts with `retry:`; each event is a `message` frame (no `event:` line) with `id: <event id>` and `data: <CollabEvent JSON>`. A `: keep-alive` comment is sent every 15 s.',
        'Resume with the `Last-Event-ID` header (sent by EventSource on reconnect; it wins over `since`) or `?since=<id|ISO date-time>`: everything after it is replayed, then the stream goes live, each event exactly once and in order. Without either the stream starts live.',
        'A resume point that is gone (an id never issued, or events truncated from the log) gets an `event: reset` frame whose data is an `EventStreamReset` and whose `id` is `resume_after`; every event still in the log follows, so discard what you derived before.',
        FILTERS,
      ].join('\n\n'),
      query: TailEventsQuery,
      headers: TailEventsHeaders,
      responses: {
        200: {
          description: 'An endless `text/event-stream`',
          content: {
            'text/event-stream': {
              // Before OpenAPI 3.2 (itemSchema), an event stream's schema describes one event.
              schema: SseEventSchema,
            },
          },
        },
      },
      async handle({ query, headers }, { req, res }) {
        // EventSource re-sends the original URL on reconnect, so the header must win over `since`.
        const lastEventId = headers['last-event-id'];
        const cursor = lastEventId !== undefined ? { after: lastEventId } : query.since;
        const start = await resolveResumePoint(cursor, deps.log);
        const sse = openSseStream(res, { keepAliveMs: deps.keepAliveMs, retryMs: deps.retryMs });
        try {
          await streamEvents(deps.log, sse, start, filterOf(query));
        } catch (error) {
          // The 200 and earlier frames are already out; all that is left is to log and hang up.
          if (!deps.log.readersStopped) req.log.error({ err: error }, 'event stream failed');
          sse.close();
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/events/latest',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read the newest events',
      description: [
        'The newest `limit` events that match, oldest first, read backwards from the end of the log: the cost follows what is returned, not the length of the log. `next_after` is the last event id of the log when it was read; follow the tail or long-poll from there to miss nothing.',
        FILTERS,
      ].join('\n\n'),
      query: LatestEventsQuery,
      responses: { 200: { description: 'The newest events', ...jsonContent(EventsPage) } },
      async handle({ query }, { res }) {
        const page = await deps.log.readLatest(filterOf(query), query.limit);
        res
          .set('Cache-Control', 'no-store')
          .json({ events: page.events, next_after: page.nextAfter });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/events',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read or long-poll the event log as JSON',
      description: [
        'The long-poll fallback of the tail: the same events, in the same order, with the same filters. Returns at once when events after `after` match; otherwise waits up to `wait` seconds for the first one, then returns (possibly empty). Continue with `after = next_after`.',
        'An `after` that is not a valid resume point yields `reset` and the events from the oldest one on.',
        FILTERS,
      ].join('\n\n'),
      query: ListEventsQuery,
      responses: { 200: { description: 'A page of events', ...jsonContent(EventsPage) } },
      async handle({ query }, { res }) {
        const { log } = deps;
        const abandoned = new AbortController();
        res.on('close', () => abandoned.abort());
        const page = await waitForEvents(log, {
          start: await resolveResumePoint({ after: query.after }, log),
          filter: filterOf(query),
          limit: query.limit,
          waitMs: query.wait * 1000,
          signal: abandoned.signal,
        });
        if (abandoned.signal.aborted) return;
        // Answered because the server is shutting down: do not keep the connection for reuse.
        if (log.readersStopped) res.set('Connection', 'close');
        res.set('Cache-Control', 'no-store').json(page);
      },
    }),
  ]);
}

async function appendEvent(
  deps: EventsModuleDeps,
  request: z.output<typeof AppendEventRequest>,
  req: Request,
  res: Response,
): Promise<void> {
  // The busiest route, and the event itself is the durable record of a success; failures are
  // still logged at warn/error with their request id.
  logSuccessAtDebug(res);
  const { actor, acting_for, details, ...rest } = request;
  const taskId = details.task_id;
  const identity = actingIdentityOf(req, {
    named: actor,
    actingFor: acting_for,
    workflowId: typeof taskId === 'string' ? taskWorkflowId(taskId) : undefined,
  });
  const event = await appendEventOperation({
    log: deps.log,
    request: { ...rest, details },
    identity,
  });
  await auditActingFor(deps.audit, req, identity, {
    action: 'event.appended',
    targetType: 'event',
    targetId: String(event.id),
  });
  // res.json would also hash the body for an ETag, which means nothing on a POST answer.
  const body = JSON.stringify(AppendEventResponse.parse({ ok: true, id: event.id }));
  res.status(201).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(body);
}

function filterOf(query: EventFilter): EventFilter {
  return { task: query.task, agent: query.agent, type: query.type };
}
