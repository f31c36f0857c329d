import { z } from 'zod';
import { JobInput, JobsId } from './jobs.ts';

/**
 * Schedules start a preset's job by themselves: a Temporal Schedule (cron or a one-shot ISO time)
 * whose action starts the job workflow. `GET /schedule` shows Temporal's next run times.
 */

export const OVERLAP_POLICIES = [
  'skip',
  'buffer_one',
  'buffer_all',
  'cancel_other',
  'terminate_other',
  'allow_all',
] as const;
export const OverlapPolicy = z.enum(OVERLAP_POLICIES).meta({
  id: 'ScheduleOverlapPolicy',
  description: "What happens when a run is due while the previous one is open (Temporal's policy).",
});
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

export const ScheduleKind = z.enum(['cron', 'once']).meta({ id: 'ScheduleKind' });

export const CreateScheduleRequest = z
  .strictObject({
    name: z.string().min(1).max(200),
    preset_id: JobsId,
    cron: z.string().min(1).max(200).optional().meta({
      description:
        'Temporal cron: 5–7 fields, `@hourly`/`@daily`/…, or `@every 30s`. Exactly one of cron and run_at.',
    }),
    run_at: z.string().max(100).optional().meta({
      description: 'One-shot: an ISO 8601 date-time with offset, in the future.',
    }),
    time_zone: z.string().min(1).max(100).default('UTC').meta({
      description: 'IANA time zone the cron fields are read in, e.g. `Europe/Paris`.',
    }),
    overlap_policy: OverlapPolicy.default('skip'),
    paused: z.boolean().default(false),
    input: JobInput.default({}),
    variant_count: z.number().int().min(1).max(10).optional(),
  })
  .meta({ id: 'CreateScheduleRequest' });
export type CreateScheduleRequest = z.input<typeof CreateScheduleRequest>;

export const PatchScheduleRequest = z
  .strictObject({ paused: z.boolean() })
  .meta({ id: 'PatchScheduleRequest', description: 'Pause or resume.' });
export type PatchScheduleRequest = z.infer<typeof PatchScheduleRequest>;

const Timestamp = z.iso.datetime({ offset: true });

export const ScheduleSchema = z
  .strictObject({
    id: JobsId,
    name: z.string(),
    preset_id: JobsId,
    kind: ScheduleKind,
    cron: z.string().nullable(),
    run_at: Timestamp.nullable(),
    time_zone: z.string(),
    overlap_policy: OverlapPolicy,
    paused: z.boolean(),
    input: z.record(z.string(), z.unknown()),
    temporal_schedule_id: z.string(),
    next_run_times: z
      .array(Timestamp)
      .meta({ description: "Temporal's next action times (empty when paused or done)." }),
    recent_run_times: z.array(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ScheduleListResponse = z
  .strictObject({ items: z.array(ScheduleSchema) })
  .meta({ id: 'ScheduleListResponse' });
export type ScheduleListResponse = z.infer<typeof ScheduleListResponse>;

/** Temporal schedule ids of job schedules; anything else with this prefix is an orphan. */
export const JOB_SCHEDULE_PREFIX = 'kyros-job-schedule-';
