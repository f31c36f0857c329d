import { describe, expect, it } from 'vitest';
import { ItemList } from './item-list.ts';

interface Thing {
  id: string;
  n: number;
}

const things = (count: number): Thing[] =>
  Array.from({ length: count }, (_, i) => ({ id: `T-${i + 1}`, n: 0 }));

describe('ItemList', () => {
  it('answers the items of its array in order, by index and by id', () => {
    const array = things(700);
    const list = ItemList.from(array);
    expect(list.length).toBe(700);
    expect([...list]).toEqual(array);
    expect(list.at(0)).toBe(array[0]);
    expect(list.at(699)).toBe(array[699]);
    expect(list.at(700)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    expect(list.indexOf('T-513')).toBe(512);
    expect(list.find('T-513')).toBe(array[512]);
    expect(list.indexOf('T-9999')).toBe(-1);
    expect(list.toArray()).toBe(array);
  });

  it('replaces one item into a new list and leaves the old one as it was', () => {
    const array = things(600);
    const before = ItemList.from(array);
    const changed = { id: 'T-300', n: 1 };
    const after = before.with(299, changed);
    expect(after.at(299)).toBe(changed);
    expect(before.at(299)).toBe(array[299]);
    expect(after.toArray()).toEqual([...array.slice(0, 299), changed, ...array.slice(300)]);
    expect(array[299]).toEqual({ id: 'T-300', n: 0 });
    expect(() => before.with(600, changed)).toThrow(RangeError);
  });

  it('appends into a new list, across a chunk boundary too, and finds the new id', () => {
    let list = ItemList.from(things(255));
    const first = list;
    for (let i = 256; i <= 260; i += 1) list = list.append({ id: `T-${i}`, n: 0 });
    expect(list.length).toBe(260);
    expect(first.length).toBe(255);
    expect(list.indexOf('T-258')).toBe(257);
    expect(first.indexOf('T-258')).toBe(-1);
    expect([...list].map((item) => item.id)).toEqual(things(260).map((item) => item.id));
  });

  it('a replacement under another id rebuilds the list and still finds both ids right', () => {
    const list = ItemList.from(things(3));
    const swapped = list.with(1, { id: 'X', n: 0 });
    expect(swapped.indexOf('X')).toBe(1);
    expect(swapped.indexOf('T-2')).toBe(-1);
    expect(list.indexOf('T-2')).toBe(1);
  });

  it('tells the items a list changed or appended since the list it came from, in order', () => {
    const before = ItemList.from(things(1000));
    const a = { id: 'T-10', n: 1 };
    const b = { id: 'T-900', n: 1 };
    const c = { id: 'T-1001', n: 0 };
    const after = before.with(899, b).with(9, a).append(c);
    expect(after.changedSince(before)).toEqual({ replaced: [a, b], appended: [c] });
    expect(before.changedSince(before)).toEqual({ replaced: [], appended: [] });
    // Another list with the same items changed (no shared chunks) gives the same answer.
    const rebuilt = ItemList.from(after.toArray());
    expect(rebuilt.changedSince(before)).toEqual({ replaced: [a, b], appended: [c] });
  });

  it('cannot tell the changes of a shorter or reordered list', () => {
    const before = ItemList.from(things(5));
    expect(ItemList.from(things(4)).changedSince(before)).toBeUndefined();
    const reordered = ItemList.from([...things(5)].reverse());
    expect(reordered.changedSince(before)).toBeUndefined();
  });
});
