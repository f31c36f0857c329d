import { describe, expect, it } from 'vitest';
import { diffItems, ItemReplay } from './item-change.ts';
import { positionOf } from './item-positions.ts';

const a = { id: 'a', n: 1 };
const b = { id: 'b', n: 1 };
const c = { id: 'c', n: 1 };

describe('diffItems', () => {
  it('puts only the items whose reference changed, and new ones at the end', () => {
    const b2 = { ...b, n: 2 };
    expect(diffItems([a, b], [a, b2, c])).toEqual({ put: [b2, c] });
    expect(diffItems([a, b], [a, b])).toEqual({ put: [] });
  });

  it('gives the whole order when items were removed or reordered', () => {
    expect(diffItems([a, b, c], [c, a])).toEqual({ put: [], order: ['c', 'a'] });
    const a2 = { ...a, n: 2 };
    expect(diffItems([a, b], [b, a2])).toEqual({ put: [a2], order: ['b', 'a'] });
  });
});

describe('ItemReplay', () => {
  it('rebuilds what diffItems recorded, change after change', () => {
    const replay = new ItemReplay([a, b]);
    const b2 = { ...b, n: 2 };
    replay.apply(diffItems([a, b], [a, b2, c]));
    expect(replay.items).toEqual([a, b2, c]);
    replay.apply(diffItems([a, b2, c], [c, a]));
    expect(replay.items).toEqual([c, a]);
    replay.apply({ put: [b] });
    expect(replay.items).toEqual([c, a, b]);
  });

  it('refuses an order that names an item it does not hold', () => {
    expect(() => new ItemReplay([a]).apply({ put: [], order: ['a', 'x'] })).toThrow(/names x/);
  });
});

describe('positionOf', () => {
  it('finds items across versions of a list, after moves, and says -1 for an absent id', () => {
    const list = 'positionOf test';
    expect(positionOf([a, b, c], 'b', list)).toBe(1);
    expect(positionOf([a, { ...b, n: 2 }, c, { id: 'd' }], 'd', list)).toBe(3);
    expect(positionOf([c, b, a], 'a', list)).toBe(2);
    expect(positionOf([c, b, a], 'b', list)).toBe(1);
    expect(positionOf([c, a], 'b', list)).toBe(-1);
  });
});
