import { describe, expect, it } from 'vitest';
import { describeTiming, formatRunTime, scheduleState, timeUntil } from './schedule-view.ts';

describe('schedule view', () => {
  it('calls a one-shot with no next run finished, and a paused one paused', () => {
    expect(scheduleState({ paused: false, kind: 'once', next_run_times: [] })).toBe('finished');
    expect(scheduleState({ paused: true, kind: 'cron', next_run_times: [] })).toBe('paused');
    expect(
      scheduleState({ paused: false, kind: 'cron', next_run_times: ['2026-01-01T00:00:00Z'] }),
    ).toBe('active');
  });

  it('says how long until a run', () => {
    const now = Date.parse('2026-11-25T09:00:00Z');
    expect(timeUntil('2026-11-25T09:00:30Z', now)).toBe('in 30 s');
    expect(timeUntil('2026-11-25T09:05:00Z', now)).toBe('in 5 min');
    expect(timeUntil('2026-11-25T12:00:00Z', now)).toBe('in 3 h');
    expect(timeUntil('2026-11-24T12:00:00Z', now)).toBe('now');
  });

  it('shows run times in the schedule’s own time zone', () => {
    expect(formatRunTime('2026-11-25T08:00:00Z', 'Europe/Paris')).toContain('09:00');
    expect(describeTiming({ kind: 'cron', cron: '@daily', run_at: null, time_zone: 'UTC' })).toBe(
      '@daily · UTC',
    );
  });
});
