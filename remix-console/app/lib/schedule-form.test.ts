import { describe, expect, it } from 'vitest';
import { nextFullHour, parseScheduleForm } from './schedule-form.ts';

const PRESET = '0b6f7f3e-4d5c-4f53-9a55-2b7f1c2d8e10';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe('schedule form', () => {
  it('sends a cron schedule without run_at', () => {
    const result = parseScheduleForm(
      form({
        name: 'Weekly',
        preset_id: PRESET,
        kind: 'cron',
        cron: '0 9 * * 1',
        run_at: '2030-01-01T00:00:00Z',
        time_zone: 'Europe/Paris',
        overlap_policy: 'buffer_one',
      }),
    );
    expect(result).toEqual({
      ok: true,
      request: {
        name: 'Weekly',
        preset_id: PRESET,
        cron: '0 9 * * 1',
        time_zone: 'Europe/Paris',
        overlap_policy: 'buffer_one',
        paused: false,
      },
    });
  });

  it('sends a one-shot with run_at only, and may start paused', () => {
    const result = parseScheduleForm(
      form({
        name: 'Once',
        preset_id: PRESET,
        kind: 'once',
        cron: '@daily',
        run_at: '2030-01-01T09:00:00+01:00',
        paused: 'on',
      }),
    );
    expect(result.ok && result.request).toMatchObject({
      run_at: '2030-01-01T09:00:00+01:00',
      paused: true,
      time_zone: 'UTC',
    });
    expect(result.ok && 'cron' in result.request).toBe(false);
  });

  it('names each bad field', () => {
    const result = parseScheduleForm(
      form({
        name: '',
        preset_id: 'nope',
        kind: 'once',
        run_at: '2030-01-01 09:00',
        time_zone: 'Mars/Olympus',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['name', 'preset_id', 'run_at', 'time_zone']);
    expect(result.errors.run_at).toContain('offset');
  });

  it('defaults a one-shot to the next full hour', () => {
    expect(nextFullHour(new Date('2026-11-25T21:37:12Z'))).toBe('2026-11-25T22:00:00Z');
  });
});
