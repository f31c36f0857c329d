import { describe, expect, it } from 'vitest';
import { resolveCursor, type LogBounds } from './event-cursor.ts';

function bounds(oldestAvailableId: number, lastId: number, firstAtOrAfter = lastId + 1): LogBounds {
  return { oldestAvailableId, lastId, firstIdAtOrAfter: () => firstAtOrAfter };
}

describe('resolveCursor', () => {
  it('starts live after the last event when there is no resume point', () => {
    expect(resolveCursor(undefined, bounds(1, 9))).toEqual({ after: 9 });
  });

  it('resumes after a known id, including 0 and the last id', () => {
    expect(resolveCursor({ after: 4 }, bounds(1, 9))).toEqual({ after: 4 });
    expect(resolveCursor({ after: 0 }, bounds(1, 9))).toEqual({ after: 0 });
    expect(resolveCursor({ after: 9 }, bounds(1, 9))).toEqual({ after: 9 });
  });

  it('resets an id that was never issued and replays from the oldest event', () => {
    const resolved = resolveCursor({ after: 12 }, bounds(1, 9));
    expect(resolved.after).toBe(0);
    expect(resolved.reset).toMatchObject({
      reason: 'unknown_id',
      requested: '12',
      oldest_id: 1,
      last_id: 9,
      resume_after: 0,
    });
  });

  it('resets an id whose successors were truncated away', () => {
    expect(resolveCursor({ after: 39 }, bounds(40, 90))).toEqual({ after: 39 });
    const resolved = resolveCursor({ after: 10 }, bounds(40, 90));
    expect(resolved).toMatchObject({ after: 39, reset: { reason: 'truncated', resume_after: 39 } });
    expect(resolved.reset?.detail).toMatch(/events 11–39 are no longer in the log/);
  });

  it('resumes from an instant at the first event at or after it', () => {
    expect(resolveCursor({ since: new Date('2026-11-25T10:00:00Z') }, bounds(1, 9, 5))).toEqual({
      after: 4,
    });
    expect(resolveCursor({ since: new Date('2020-01-01T00:00:00Z') }, bounds(1, 9, 1))).toEqual({
      after: 0,
    });
  });

  it('resets an instant older than a truncated head, since events may be gone', () => {
    const resolved = resolveCursor({ since: new Date('2020-01-01T00:00:00Z') }, bounds(40, 90, 40));
    expect(resolved).toMatchObject({
      after: 39,
      reset: { reason: 'truncated', requested: '2020-01-01T00:00:00.000Z' },
    });
  });
});
