import { describe, expect, it } from 'vitest';
import { formatCountdown, timeAgo } from './time.ts';

describe('time formatting', () => {
  it('formats a countdown as h:mm:ss or m:ss and never below zero', () => {
    expect(formatCountdown(7_000)).toBe('0:07');
    expect(formatCountdown(249_000)).toBe('4:09');
    expect(formatCountdown(3_909_000)).toBe('1:05:09');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });

  it('says how long ago something happened, coarsely', () => {
    const now = Date.parse('2026-11-25T10:00:00.000Z');
    expect(timeAgo('2026-11-25T09:59:48.000Z', now)).toBe('12 s ago');
    expect(timeAgo('2026-11-25T09:56:00.000Z', now)).toBe('4 min ago');
    expect(timeAgo('2026-11-25T07:00:00.000Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-22T10:00:00.000Z', now)).toBe('3 d ago');
  });
});
