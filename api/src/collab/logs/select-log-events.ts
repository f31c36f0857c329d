import type {
  CollabEvent,
  EventFilter,
  GenerateLogFilter,
} from '@kyros/contracts/schemas/collab-events';
import type { CollabEventLog } from '../events/collab-event-log.ts';

type LogFilter = GenerateLogFilter;

export interface LogSelection {
  events: CollabEvent[];
  /** The filter as (words, value) pairs, for the summary's "Selection:" line. */
  description: Array<[string, string]>;
  /** More events matched than `max`. */
  truncated: boolean;
}

/**
 * The events a human log covers: the same filters as the tail and the long-poll, bounded by
 * `since` (exclusive id, or inclusive instant) and `until` (inclusive id or instant).
 */
export async function selectLogEvents(
  log: CollabEventLog,
  filter: LogFilter,
  max: number,
): Promise<LogSelection> {
  const eventFilter: EventFilter = {
    task: asList(filter.task),
    agent: asList(filter.agent),
    type: asList(filter.type),
  };
  const after =
    typeof filter.since === 'string'
      ? log.firstIdAtOrAfter(Date.parse(filter.since)) - 1
      : (filter.since ?? 0);
  const until =
    typeof filter.until === 'string'
      ? log.firstIdAtOrAfter(Date.parse(filter.until) + 1) - 1
      : Math.min(filter.until ?? Infinity, log.lastId);

  const events: CollabEvent[] = [];
  let cursor = after;
  while (cursor < until && events.length <= max) {
    const page = await log.readAfter(cursor, eventFilter, max + 1 - events.length);
    events.push(...page.events.filter((event) => event.id <= until));
    if (page.nextAfter === cursor) break;
    cursor = page.nextAfter;
  }
  return {
    events: events.slice(0, max),
    description: describeFilter(filter),
    truncated: events.length > max,
  };
}

function asList(value: string | string[] | undefined): string[] | undefined {
  return typeof value === 'string' ? [value] : value;
}

function describeFilter(filter: LogFilter): Array<[string, string]> {
  const parts: Array<[string, string]> = [];
  for (const key of ['task', 'agent', 'type'] as const) {
    const values = asList(filter[key]);
    if (values) parts.push([key, values.join(', ')]);
  }
  if (filter.since !== undefined) {
    parts.push(
      typeof filter.since === 'number'
        ? ['after event', String(filter.since)]
        : ['since', filter.since],
    );
  }
  if (filter.until !== undefined) {
    parts.push(
      typeof filter.until === 'number'
        ? ['up to event', String(filter.until)]
        : ['until', filter.until],
    );
  }
  return parts;
}
