import { describe, expect, it } from 'vitest';
import { cronProblem, isKnownTimeZone, parseScheduleTiming } from './schedule-spec.ts';

describe('schedule timing validation', () => {
  it.each([
    '0 9 * * MON-FRI',
    '*/15 * * * *',
    '0 0 1 jan *',
    '30 0 12 * * * 2030',
    '@daily',
    '@every 5s',
    '@every 1h/5m',
  ])('accepts the cron string %s', (cron) => expect(cronProblem(cron)).toBeUndefined());

  it.each([
    ['not a cron', 'a cron string has 5, 6 or 7 fields, not 3'],
    ['61 * * * *', 'minute value "61" is out of range 0–59'],
    ['* 24 * * *', 'hour value "24" is out of range 0–23'],
    ['* * * foo *', 'month value "foo" is out of range 1–12'],
    ['*/0 * * * *', 'minute step must be at least 1'],
    ['@every soon', '@every needs an interval like 30s, 5m, 1h or 1d'],
    ['@sometimes', 'unknown shorthand @sometimes'],
    ['CRON_TZ=UTC * * * * *', 'put the time zone in time_zone, not in the cron string'],
  ])('refuses %s: %s', (cron, message) => expect(cronProblem(cron)).toBe(message));

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  const now = new Date('2030-01-01T00:00:00Z');

  it('takes a future ISO time with an offset as a one-shot', () => {
    expect(
      parseScheduleTiming({ run_at: '2030-01-02T09:00:00+01:00', time_zone: 'UTC' }, now),
    ).toEqual({
      timing: { kind: 'once', runAt: new Date('2030-01-02T08:00:00Z'), timeZone: 'UTC' },
    });
  });

  it.each([
    [{ run_at: '2030-13-40T99:00:00Z' }, 'run_at'],
    [{ run_at: '2030-01-02 09:00' }, 'run_at'],
    [{ run_at: '2029-12-31T23:59:59Z' }, 'run_at'],
    [{ cron: '* * * * *', run_at: '2030-01-02T09:00:00Z' }, 'cron'],
    [{}, 'cron'],
  ])('refuses %j with an error on %s', (request, path) => {
    const result = parseScheduleTiming({ time_zone: 'UTC', ...request }, now);
    expect(result).toHaveProperty('errors');
    expect('errors' in result && result.errors.map((error) => error.path)).toEqual([path]);
  });

  it('reports an unknown time zone next to a bad cron', () => {
    const result = parseScheduleTiming({ cron: '99 * * * *', time_zone: 'Nowhere/Else' }, now);
    expect('errors' in result && result.errors.map((error) => error.path)).toEqual([
      'time_zone',
      'cron',
    ]);
  });
});
