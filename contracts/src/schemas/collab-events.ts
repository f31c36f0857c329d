import { z } from 'zod';

/** Event names are snake_case words: `task_claimed`, `lease_reclaimed`, … */
const EVENT_NAME_PATTERN = '[a-z][a-z0-9_]{0,63}';
export const EventName = z
  .string()
  .regex(new RegExp(`^${EVENT_NAME_PATTERN}$`), 'must be snake_case, at most 64 characters');

/** What a writer supplies; the log assigns `id` (monotonic offset) and `ts`. */
export const NewEventSchema = z
  .strictObject({
    event: EventName,
    actor: z.string().min(1).max(200),
    target: z.string().min(1).max(500),
    details: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'NewEvent' });

/**
 * `POST /collab/events`: a new event whose `actor` the credential decides (docs/adr/0008). If sent,
 * `actor` must name that identity; an admin may send `acting_for` to act for someone else.
 */
export const AppendEventRequest = NewEventSchema.extend({
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Taken from the credential; if sent, it must name the same identity.'),
  acting_for: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Admins only: act as this identity. Recorded in the audit trail and the event.'),
}).meta({ id: 'AppendEventRequest' });
export type AppendEventRequest = z.input<typeof AppendEventRequest>;

/** One line of `events/events.jsonl`, never rewritten once appended. */
export const CollabEventSchema = z
  .strictObject({
    id: z.number().int().positive(),
    ts: z.iso.datetime(),
    event: EventName,
    actor: z.string(),
    target: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CollabEvent' });

export type NewEvent = z.input<typeof NewEventSchema>;
export type CollabEvent = z.infer<typeof CollabEventSchema>;

export const AppendEventResponse = z
  .strictObject({ ok: z.literal(true), id: z.number().int().positive() })
  .meta({ id: 'AppendEventResponse' });
export type AppendEventResponse = z.infer<typeof AppendEventResponse>;

/** The filters every reader shares; within one list any value matches, across lists all must. */
export interface EventFilter {
  /** Matches `target` or `details.task_id`. */
  task?: string[];
  /** Matches `actor` or `details.agent`. */
  agent?: string[];
  /** Matches the event name. */
  type?: string[];
}

const FilterValue = z.string().min(1).max(200);
/** One list item of a filter: 1–200 characters, none of them a comma. */
const FILTER_VALUE_PATTERN = '[^,]{1,200}';

/**
 * A comma-separated list of 1–100 items. The pattern says in the OpenAPI document what the items
 * must look like, so the document never promises a list the route refuses.
 */
function commaList(item: z.ZodString, itemPattern: string, description: string) {
  return z
    .string()
    .max(4000)
    .regex(
      new RegExp(`^${itemPattern}(?:,${itemPattern}){0,99}$`),
      'must be a comma-separated list of 1–100 values',
    )
    .transform((value) => value.split(','))
    .pipe(z.array(item).min(1).max(100))
    .meta({ description });
}

const TASK_MATCH = 'an event matches when `target` equals one of them or `details.task_id` does';
const AGENT_MATCH = 'an event matches when `actor` equals one of them or `details.agent` does';

const EventFilterQueryShape = {
  task: commaList(
    FilterValue,
    FILTER_VALUE_PATTERN,
    `Comma-separated task ids; ${TASK_MATCH}.`,
  ).optional(),
  agent: commaList(
    FilterValue,
    FILTER_VALUE_PATTERN,
    `Comma-separated agent ids; ${AGENT_MATCH}.`,
  ).optional(),
  type: commaList(
    EventName,
    EVENT_NAME_PATTERN,
    'Comma-separated event names, e.g. `task_claimed,lease_released`.',
  ).optional(),
};

const EventIdString = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer event id')
  .transform(Number);

/** A resume point: "after this event id", or "from this instant on" (events with `ts` ≥ it). */
export type EventCursor = { after: number } | { since: Date };

export const EventCursorParam = z
  .union(
    [
      EventIdString.transform((after): EventCursor => ({ after })),
      z.iso
        .datetime({ offset: true })
        .transform((value): EventCursor => ({ since: new Date(value) })),
    ],
    { error: 'must be an event id (non-negative integer) or an ISO 8601 date-time' },
  )
  .meta({
    description:
      'An event id (resume after it) or an ISO 8601 date-time (start with the first event whose `ts` is at or after it).',
  });

export const TailEventsQuery = z.strictObject({
  since: EventCursorParam.optional(),
  ...EventFilterQueryShape,
});

export const TailEventsHeaders = z.object({
  'last-event-id': EventIdString.optional().meta({
    description:
      'Sent by EventSource on reconnect: the id of the last event received. Takes precedence over `since`.',
  }),
});

export const MAX_LONG_POLL_WAIT_SECONDS = 30;

/** `?limit=` of the event reads: an integer 1–1000, default 100. */
function eventLimitQuery(description: string) {
  return z
    .string()
    .regex(/^(?:[1-9]\d{0,2}|1000)$/, 'must be an integer from 1 to 1000')
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .default(100)
    .meta({ description });
}

export const ListEventsQuery = z.strictObject({
  after: EventIdString.default(0).meta({
    description: 'Return events with an id greater than this one (default 0: from the beginning).',
  }),
  wait: z
    .string()
    .regex(
      /^(?:[0-2]?\d(?:\.\d{1,3})?|30(?:\.0{1,3})?)$/,
      `must be a number of seconds from 0 to ${MAX_LONG_POLL_WAIT_SECONDS}`,
    )
    .transform(Number)
    .pipe(z.number().max(MAX_LONG_POLL_WAIT_SECONDS))
    .default(0)
    .meta({
      description: `Seconds to wait for the first matching event when none is available yet (0–${MAX_LONG_POLL_WAIT_SECONDS}, default 0).`,
    }),
  limit: eventLimitQuery('At most this many events (1–1000, default 100).'),
  ...EventFilterQueryShape,
});

export const LatestEventsQuery = z.strictObject({
  limit: eventLimitQuery('The newest this many matching events (1–1000, default 100).'),
  ...EventFilterQueryShape,
});

/** Why a resume point could not be honoured; the events that follow start from `resume_after`. */
export const EventStreamReset = z
  .strictObject({
    reason: z.enum(['unknown_id', 'truncated']),
    detail: z.string(),
    requested: z.string(),
    oldest_id: z.number().int().positive(),
    last_id: z.number().int().nonnegative(),
    resume_after: z.number().int().nonnegative(),
  })
  .meta({
    id: 'EventStreamReset',
    description:
      'The resume point could not be honoured (an id never issued, or events truncated away); delivery restarts after `resume_after`, at the oldest event. Discard what you derived from earlier events.',
  });
export type EventStreamReset = z.infer<typeof EventStreamReset>;

export const EventsPage = z
  .strictObject({
    events: z.array(CollabEventSchema),
    next_after: z
      .number()
      .int()
      .nonnegative()
      .describe('Pass as `after` next time: every event up to this id has been considered.'),
    reset: EventStreamReset.optional(),
  })
  .meta({ id: 'EventsPage' });
export type EventsPage = z.infer<typeof EventsPage>;

const LogFilterList = z.union([FilterValue, z.array(FilterValue).min(1).max(100)]);

export const GenerateLogRequest = z
  .strictObject({
    filter: z
      .strictObject({
        task: LogFilterList.optional().describe(`A task id or a list of them; ${TASK_MATCH}.`),
        agent: LogFilterList.optional().describe(`An agent id or a list of them; ${AGENT_MATCH}.`),
        type: z
          .union([EventName, z.array(EventName).min(1).max(100)])
          .optional()
          .describe('An event name or a list of them.'),
        since: z
          .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
          .optional()
          .describe('Events after this id, or with `ts` at or after this date-time.'),
        until: z
          .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
          .optional()
          .describe(
            'Events up to and including this id, or with `ts` at or before this date-time.',
          ),
      })
      .default({}),
  })
  .meta({ id: 'GenerateLogRequest' });
export type GenerateLogRequest = z.input<typeof GenerateLogRequest>;
export type GenerateLogFilter = z.output<typeof GenerateLogRequest>['filter'];

export const GenerateLogResponse = z
  .strictObject({
    markdown: z.string(),
    appended_to: z.literal('logs/log.md'),
    event_count: z.number().int().nonnegative(),
  })
  .meta({ id: 'GenerateLogResponse' });
export type GenerateLogResponse = z.infer<typeof GenerateLogResponse>;
