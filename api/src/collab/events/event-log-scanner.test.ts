import { describe, expect, it } from 'vitest';
import { EventLogScanner } from './event-log-scanner.ts';

function line(id: number, extra = ''): string {
  return `{"id":${id},"ts":"2026-11-25T10:00:0${id % 10}.000Z","event":"task_claimed","actor":"agent-atlas","target":"T-100","details":{}${extra}}\n`;
}

function scan(text: string, chunkSize = text.length || 1) {
  const scanner = new EventLogScanner('/data/events/events.jsonl');
  const bytes = Buffer.from(text, 'utf8');
  const events = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    events.push(...scanner.push(bytes.subarray(i, i + chunkSize)));
  }
  return { events, ...scanner.finish() };
}

describe('EventLogScanner', () => {
  it('accepts a clean log whatever the chunk boundaries, with byte offsets of each line', () => {
    const text = line(1) + line(2) + line(3);
    for (const chunkSize of [1, 7, 64, text.length]) {
      const result = scan(text, chunkSize);
      expect(result.events.map((e) => e.event.id)).toEqual([1, 2, 3]);
      expect(result.events.map((e) => e.offset)).toEqual([0, line(1).length, line(1).length * 2]);
      expect(result.events[0]?.byteLength).toBe(line(1).length);
      expect(result).toMatchObject({ goodLength: text.length, tornTail: undefined });
    }
  });

  it('accepts an empty file', () => {
    expect(scan('')).toMatchObject({ events: [], goodLength: 0, tornTail: undefined });
  });

  it('treats an unterminated last line as torn, even when it parses', () => {
    const good = line(1) + line(2);
    const result = scan(good + line(3).trimEnd());
    expect(result.events).toHaveLength(2);
    expect(result.goodLength).toBe(good.length);
    expect(result.tornTail).toMatchObject({ line: 3, offset: good.length, droppedLines: 1 });
  });

  it('treats a run of invalid lines at the end as torn', () => {
    const good = line(1);
    const result = scan(`${good}{"id":2,"ts":\n\u0000\u0000\u0000\n{"id`);
    expect(result.goodLength).toBe(good.length);
    expect(result.tornTail).toMatchObject({ line: 2, droppedLines: 3 });
    expect(result.tornTail?.reason).toMatch(/not JSON/);
  });

  it('refuses an invalid line followed by a valid one, naming file and line', () => {
    expect(() => scan(line(1) + 'garbage\n' + line(2))).toThrow(
      /\/data\/events\/events\.jsonl is corrupt at line 2: not JSON.*line 3 after it holds a valid event/,
    );
  });

  it('refuses ids that do not count up by one', () => {
    expect(() => scan(line(1) + line(3))).toThrow(
      /corrupt at line 2: event id 3 does not follow id 1/,
    );
  });

  it('refuses a line that is JSON but not an event, when more follows', () => {
    expect(() => scan(line(1) + line(2, ',"extra":true') + line(3))).toThrow(
      /corrupt at line 2: not an event/,
    );
  });

  it('accepts a log whose head was truncated (first id above 1)', () => {
    expect(scan(line(41) + line(42)).events.map((e) => e.event.id)).toEqual([41, 42]);
  });
});
