import { describe, expect, it } from 'vitest';
import { diffItems } from './item-diff.ts';

const a = { id: 'a', v: 1 };
const b = { id: 'b', v: 1 };
const c = { id: 'c', v: 1 };

describe('diffItems', () => {
  it('finds the changed item by reference and appended ones, in place', () => {
    const changed = { id: 'b', v: 2 };
    const d = { id: 'd', v: 1 };
    expect(diffItems([a, b, c], [a, changed, c, d], 'id')).toEqual({
      updated: [changed],
      fresh: [d],
      deleted: [],
    });
  });

  it('keeps nothing when nothing changed', () => {
    expect(diffItems([a, b], [a, b], 'id')).toEqual({ updated: [], fresh: [], deleted: [] });
  });

  it('reports removed keys and keeps the position order without them', () => {
    expect(diffItems([a, b, c], [a, c], 'id')).toEqual({ updated: [], fresh: [], deleted: ['b'] });
  });

  it('puts a moved or inserted item back in position order: kept ones first, then the new', () => {
    const d = { id: 'd', v: 1 };
    const diff = diffItems([a, b, c], [d, c, a, b], 'id');
    expect(diff.fresh).toEqual([d]);
    expect(diff.updated).toEqual([]);
    expect(diff.ordered).toEqual([a, b, c, d]);
  });

  it('counts an equal but new object as updated (the store compares references)', () => {
    const copy = { ...a };
    expect(diffItems([a], [copy], 'id').updated).toEqual([copy]);
  });
});
