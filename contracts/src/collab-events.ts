import { z } from 'zod';

/** Event names are snake_case words: `task_claimed`, `lease_reclaimed`, … */
export const EventName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be snake_case, at most 64 characters');

/** What a writer supplies; the log assigns `id` (monotonic offset) and `ts`. */
export const NewEventSchema = z
  .strictObject({
    event: EventName,
    actor: z.string().min(1).max(200),
    target: z.string().min(1).max(500),
    details: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'NewEvent' });

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
