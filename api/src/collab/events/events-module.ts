import { Router, type RequestHandler } from 'express';
import {
  AppendEventRequest,
  AppendEventResponse,
  LatestEventsQuery,
  ListEventsQuery,
  TailEventsHeaders,
  TailEventsQuery,
  type EventFilter,
} from '@kyros/contracts/collab-events';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import type { ApiModule } from '../../api-module.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import { collabRoles } from '../../auth/principal.ts';
import { logSuccessAtDebug } from '../../http/request-logger.ts';
import { openSseStream } from '../../http/sse.ts';
import { resolveCursor } from './event-cursor.ts';
import type { EventLog } from './event-log.ts';
import { registerEventsOpenApi } from './events-openapi.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { parseJsonBody } from '../http/request-input.ts';
import { appendEvent as appendEventOperation } from '../operations/append-event.ts';
import { parseInput } from './parse-input.ts';
import { streamEvents } from './stream-events.ts';
import { waitForEvents } from './wait-for-events.ts';

export interface EventsModuleDeps {
  log: EventLog;
  /** Records the writes an admin makes for someone else (`acting_for`). */
  audit: AuditLog;
  /** SSE keep-alive interval; 15 s unless a test needs to see one sooner. */
  keepAliveMs?: number;
  retryMs?: number;
}

/** `POST /collab/events`, the SSE tail, the long-poll fallback and the latest events, over one {@link EventLog}. */
export function eventsModule(deps: EventsModuleDeps): ApiModule {
  const router = Router();
  router.use('/collab', collabRoles);
  router.post('/collab/events', appendEvent(deps.log, deps.audit));
  router.get('/collab/events/tail', tailEvents(deps));
  router.get('/collab/events/latest', latestEvents(deps.log));
  router.get('/collab/events', listEvents(deps.log));
  return { name: 'collab-events', router, registerOpenApi: registerEventsOpenApi };
}

function appendEvent(log: EventLog, audit: AuditLog): RequestHandler {
  return async (req, res) => {
    // The busiest route, and the event itself is the durable record of a success; failures are
    // still logged at warn/error with their request id.
    logSuccessAtDebug(res);
    const { actor, acting_for, details, ...rest } = parseJsonBody(AppendEventRequest, req);
    const taskId = details.task_id;
    const identity = actingIdentityOf(req, {
      named: actor,
      actingFor: acting_for,
      workflowId: typeof taskId === 'string' ? taskWorkflowId(taskId) : undefined,
    });
    const event = await appendEventOperation({ log, request: { ...rest, details }, identity });
    await auditActingFor(audit, req, identity, {
      action: 'event.appended',
      targetType: 'event',
      targetId: String(event.id),
    });
    // res.json would also hash the body for an ETag, which means nothing on a POST answer.
    const body = JSON.stringify(AppendEventResponse.parse({ ok: true, id: event.id }));
    res.status(201).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(body);
  };
}

function tailEvents(deps: EventsModuleDeps): RequestHandler {
  return async (req, res) => {
    const query = parseInput(TailEventsQuery, req.query, 'query');
    const headers = parseInput(TailEventsHeaders, req.headers, 'Last-Event-ID header');
    // EventSource re-sends the original URL on reconnect, so the header must win over `since`.
    const lastEventId = headers['last-event-id'];
    const cursor = lastEventId !== undefined ? { after: lastEventId } : query.since;
    const start = resolveCursor(cursor, deps.log);
    const sse = openSseStream(res, { keepAliveMs: deps.keepAliveMs, retryMs: deps.retryMs });
    try {
      await streamEvents(deps.log, sse, start, filterOf(query));
    } catch (error) {
      // The 200 and earlier frames are already out; all that is left is to log and hang up.
      if (!deps.log.readersStopped) req.log.error({ err: error }, 'event stream failed');
      sse.close();
    }
  };
}

function listEvents(log: EventLog): RequestHandler {
  return async (req, res) => {
    const query = parseInput(ListEventsQuery, req.query, 'query');
    const abandoned = new AbortController();
    res.on('close', () => abandoned.abort());
    const page = await waitForEvents(log, {
      start: resolveCursor({ after: query.after }, log),
      filter: filterOf(query),
      limit: query.limit,
      waitMs: query.wait * 1000,
      signal: abandoned.signal,
    });
    if (abandoned.signal.aborted) return;
    // Answered because the server is shutting down: do not keep the connection for reuse.
    if (log.readersStopped) res.set('Connection', 'close');
    res.set('Cache-Control', 'no-store').json(page);
  };
}

function latestEvents(log: EventLog): RequestHandler {
  return async (req, res) => {
    const query = parseInput(LatestEventsQuery, req.query, 'query');
    const page = await log.readLatest(filterOf(query), query.limit);
    res.set('Cache-Control', 'no-store').json({ events: page.events, next_after: page.nextAfter });
  };
}

function filterOf(query: EventFilter): EventFilter {
  return { task: query.task, agent: query.agent, type: query.type };
}
