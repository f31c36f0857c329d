import type { Schedule } from '@kyros/contracts/schemas/jobs-schedules';

export type ScheduleState = 'active' | 'paused' | 'finished';

/** Paused by someone, finished (a one-shot with no run left), or active. */
export function scheduleState(
  schedule: Pick<Schedule, 'paused' | 'kind' | 'next_run_times'>,
): ScheduleState {
  if (schedule.paused) return 'paused';
  if (schedule.kind === 'once' && schedule.next_run_times.length === 0) return 'finished';
  return 'active';
}

/** "in 12 s", "in 4 min", "in 3 h", "in 2 d"; "now" when due. */
export function timeUntil(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} d`;
}

/** A run time as the schedule's zone reads it, e.g. "Mon 26 Nov, 09:00 (Europe/Paris)". */
export function formatRunTime(iso: string, timeZone: string): string {
  try {
    const text = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
    return `${text} (${timeZone})`;
  } catch {
    return iso;
  }
}

/** What a schedule does, in words: "cron 0 9 * * 1-5" or "once". */
export function describeTiming(
  schedule: Pick<Schedule, 'kind' | 'cron' | 'run_at' | 'time_zone'>,
): string {
  if (schedule.kind === 'cron') return `${schedule.cron ?? ''} · ${schedule.time_zone}`;
  return schedule.run_at ? `once, ${formatRunTime(schedule.run_at, schedule.time_zone)}` : 'once';
}
