import type { EventCursor, EventStreamReset } from '@kyros/contracts/schemas/collab-events';

/** What the log can answer about its extent, for resolving a resume point. */
export interface LogBounds {
  oldestAvailableId: number;
  lastId: number;
  firstIdAtOrAfter(timeMs: number): number;
}

export interface ResolvedCursor {
  /** Deliver events with ids greater than this. */
  after: number;
  /** Set when the resume point is gone; delivery then restarts from the oldest event. */
  reset?: EventStreamReset;
}

/**
 * Turns a client's resume point into "events after id N". A point the log cannot honour — an id
 * never issued, or one whose successors were truncated away — is never silently skipped over: it
 * yields a `reset` and a full replay of what exists, so the client knows to rebuild its view.
 * Without a resume point a stream starts live, after the last event.
 */
export function resolveCursor(cursor: EventCursor | undefined, log: LogBounds): ResolvedCursor {
  if (cursor === undefined) return { after: log.lastId };
  if ('after' in cursor) return resolveAfter(cursor.after, log);
  const timeMs = cursor.since.getTime();
  const first = log.firstIdAtOrAfter(timeMs);
  // Events before the oldest one may have existed at that instant; only id 1 proves nothing is gone.
  if (first === log.oldestAvailableId && log.oldestAvailableId > 1) {
    return reset(
      'truncated',
      cursor.since.toISOString(),
      log,
      'events before the oldest one have been removed',
    );
  }
  return { after: first - 1 };
}

function resolveAfter(after: number, log: LogBounds): ResolvedCursor {
  if (after > log.lastId) {
    return reset(
      'unknown_id',
      String(after),
      log,
      `event ${after} was never issued; the last is ${log.lastId}`,
    );
  }
  if (after < log.oldestAvailableId - 1) {
    return reset(
      'truncated',
      String(after),
      log,
      `events ${after + 1}–${log.oldestAvailableId - 1} are no longer in the log`,
    );
  }
  return { after };
}

function reset(
  reason: EventStreamReset['reason'],
  requested: string,
  log: LogBounds,
  detail: string,
): ResolvedCursor {
  const resumeAfter = log.oldestAvailableId - 1;
  return {
    after: resumeAfter,
    reset: {
      reason,
      detail: `Cannot resume from ${requested}: ${detail}. Replaying from the oldest event; discard what you derived from earlier events.`,
      requested,
      oldest_id: log.oldestAvailableId,
      last_id: log.lastId,
      resume_after: resumeAfter,
    },
  };
}
