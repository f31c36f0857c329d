import { describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { EventIndex } from './event-index.ts';

function event(
  id: number,
  ts = `2026-11-25T10:00:${String(id).padStart(2, '0')}.000Z`,
): CollabEvent {
  return { id, ts, event: 'note', actor: 'a', target: 't', details: {} };
}

function indexOf(ids: number[], window = 100): EventIndex {
  const index = new EventIndex(window);
  for (const id of ids) index.add(event(id), (id - (ids[0] ?? 1)) * 10, 10);
  return index;
}

describe('EventIndex', () => {
  it('is empty with lastId 0 and oldest 1', () => {
    const index = new EventIndex(10);
    expect(index).toMatchObject({ lastId: 0, oldestId: 1, endOffset: 0 });
    expect(index.offsetOf(1)).toBe(0);
    expect(index.firstIdAtOrAfter(0)).toBe(1);
  });

  it('maps ids to offsets, and the id after the last to the end of the file', () => {
    const index = indexOf([5, 6, 7]);
    expect(index).toMatchObject({ oldestId: 5, lastId: 7, endOffset: 30 });
    expect([5, 6, 7, 8].map((id) => index.offsetOf(id))).toEqual([0, 10, 20, 30]);
    expect(() => index.offsetOf(4)).toThrow(RangeError);
  });

  it('keeps at least the last `window` events in memory', () => {
    const index = indexOf(
      Array.from({ length: 50 }, (_, i) => i + 1),
      8,
    );
    expect(index.recentFirstId).toBeLessThanOrEqual(43);
    expect(index.recentEvent(50)?.id).toBe(50);
    expect(index.recentEvent(43)?.id).toBe(43);
    expect(index.recentEvent(1)).toBeUndefined();
  });

  it('finds the first event at or after an instant', () => {
    const index = indexOf([1, 2, 3]);
    expect(index.firstIdAtOrAfter(Date.parse('2026-11-25T10:00:02.000Z'))).toBe(2);
    expect(index.firstIdAtOrAfter(Date.parse('2026-11-25T10:00:02.500Z'))).toBe(3);
    expect(index.firstIdAtOrAfter(Date.parse('2027-01-01T00:00:00Z'))).toBe(4);
  });

  it('refuses an id that does not follow the last', () => {
    const index = indexOf([1, 2]);
    expect(() => index.add(event(4), 20, 10)).toThrow(/does not follow/);
  });
});
