import { CreateScheduleRequest, OVERLAP_POLICIES } from '@kyros/contracts/schemas/jobs-schedules';
import { formText } from './form-data.ts';

export type ScheduleFormResult =
  { ok: true; request: CreateScheduleRequest } | { ok: false; errors: Record<string, string> };

export const OVERLAP_LABELS: Record<(typeof OVERLAP_POLICIES)[number], string> = {
  skip: 'Skip — do not start while the previous job runs',
  buffer_one: 'Buffer one — run once after the previous job',
  buffer_all: 'Buffer all — run every missed start in turn',
  cancel_other: 'Cancel other — cancel the running job, then start',
  terminate_other: 'Terminate other — terminate the running job, then start',
  allow_all: 'Allow all — start regardless',
};

/** Cron presets offered next to the free field; Temporal reads them in the schedule's time zone. */
export const CRON_EXAMPLES = [
  { cron: '0 9 * * 1-5', label: 'Weekdays at 09:00' },
  { cron: '@hourly', label: 'Every hour' },
  { cron: '@daily', label: 'Every day at midnight' },
  { cron: '0 17 * * 5', label: 'Fridays at 17:00' },
] as const;

/** An ISO time with offset, the date-time a one-shot schedule defaults to (the next full hour). */
export function nextFullHour(now: Date): string {
  const next = new Date(now);
  next.setUTCMinutes(0, 0, 0);
  next.setUTCHours(next.getUTCHours() + 1);
  return next.toISOString().replace('.000Z', 'Z');
}

/**
 * Reads the Scheduler form into a `POST /schedule` body and validates it with the API's schema.
 * `kind` picks which of cron and run_at is sent; the other field is ignored, never both.
 */
export function parseScheduleForm(form: FormData): ScheduleFormResult {
  const text = (name: string) => formText(form, name).trim();
  const kind = text('kind') === 'once' ? 'once' : 'cron';
  const errors: Record<string, string> = {};
  if (kind === 'cron' && text('cron') === '') errors.cron = 'enter a cron expression';
  if (kind === 'once') {
    const runAt = text('run_at');
    if (runAt === '') errors.run_at = 'enter a date and time';
    else if (!/(Z|[+-]\d\d:\d\d)$/.test(runAt) || Number.isNaN(Date.parse(runAt))) {
      errors.run_at = 'must be an ISO 8601 time with an offset, e.g. 2026-12-01T09:00:00Z';
    }
  }
  const request: Record<string, unknown> = {
    name: text('name'),
    preset_id: text('preset_id'),
    time_zone: text('time_zone') || 'UTC',
    overlap_policy: text('overlap_policy') || 'skip',
    paused: form.get('paused') === 'on' || form.get('paused') === 'true',
  };
  if (kind === 'cron') request.cron = text('cron');
  else request.run_at = text('run_at');
  const parsed = CreateScheduleRequest.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'form');
      errors[name] ??= name === 'preset_id' ? 'pick a preset' : issue.message;
    }
  }
  if (!isTimeZone(String(request.time_zone))) errors.time_zone ??= 'not a known IANA time zone';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: request as CreateScheduleRequest };
}

/** Whether the runtime knows the IANA zone (Temporal knows the same database). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
