import type { Item } from './item-change.ts';
import { positionIn } from './item-positions.ts';

const SHIFT = 8;
/** Items per chunk: a one-item change copies one chunk and the chunk index, not the list. */
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

/**
 * An immutable list of items whose one-item change costs O(n / 256 + 256), not O(n): the items
 * sit in chunks of 256, and {@link with} or {@link append} copy one chunk and the array of chunks
 * (400 pointers at 100,000 items) while every other chunk is shared with the list it came from.
 * Plain arrays made every commit on a big board copy the whole board (0.7 ms and 800 KB at
 * 100,000 tasks, and the garbage collection that followed). A reader that wants an array gets one
 * from {@link toArray}, built once per list.
 */
export class ItemList<T extends Item> implements Iterable<T> {
  #array: readonly T[] | undefined;

  private constructor(
    private readonly chunks: readonly (readonly T[])[],
    readonly length: number,
    private readonly hints: Map<string, number>,
  ) {}

  /**
   * A list of `items` (kept as its array view, so treat it as read-only). `hints` remembers where
   * ids sit; lists of the same kind may share it, since every use of it is checked.
   */
  static from<T extends Item>(items: readonly T[], hints = new Map<string, number>()): ItemList<T> {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
    const list = new ItemList<T>(chunks, items.length, hints);
    list.#array = items;
    return list;
  }

  at(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    return this.chunks[index >>> SHIFT]?.[index & MASK];
  }

  /** The index of `id`, or -1: O(1) when the hints know it (item-positions.ts). */
  indexOf(id: string): number {
    return positionIn(this.hints, this.length, (i) => (this.at(i) as T).id, id);
  }

  find(id: string): T | undefined {
    return this.at(this.indexOf(id));
  }

  /** This list with `item` at `index` (which must exist). */
  with(index: number, item: T): ItemList<T> {
    const current = this.at(index);
    if (current === undefined) throw new RangeError(`index ${index} is outside the list`);
    if (current.id !== item.id) {
      const array = this.toArray().slice();
      array[index] = item;
      return ItemList.from(array, this.hints);
    }
    const chunks = this.chunks.slice();
    const chunk = (chunks[index >>> SHIFT] as readonly T[]).slice();
    chunk[index & MASK] = item;
    chunks[index >>> SHIFT] = chunk;
    return new ItemList(chunks, this.length, this.hints);
  }

  /** This list with `item` at the end. */
  append(item: T): ItemList<T> {
    const chunks = this.chunks.slice();
    const last = chunks.at(-1);
    if (last === undefined || last.length === CHUNK) chunks.push([item]);
    else chunks[chunks.length - 1] = [...last, item];
    this.hints.set(item.id, this.length);
    return new ItemList(chunks, this.length + 1, this.hints);
  }

  /** The items as an array, built once per list; treat it as read-only. */
  toArray(): readonly T[] {
    // concat copies chunk by chunk; Array.prototype.flat is ~20 times slower in V8 here.
    this.#array ??= ([] as T[]).concat(...this.chunks);
    return this.#array;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /**
   * The items of this list that are not in `before` by reference, in order: those `replaced` in
   * place and those `appended` after `before`'s end; undefined when this list is anything else
   * (shorter, reordered). A chunk both lists share is skipped whole, so a commit's diff costs the
   * chunks it changed, not the board.
   */
  changedSince(before: ItemList<T>): { replaced: T[]; appended: T[] } | undefined {
    if (this.length < before.length) return undefined;
    const replaced: T[] = [];
    const appended: T[] = [];
    for (const [c, chunk] of this.chunks.entries()) {
      const old = before.chunks[c];
      if (chunk === old) continue;
      for (const [i, item] of chunk.entries()) {
        const previous = old?.[i];
        if (item === previous) continue;
        if (previous === undefined) appended.push(item);
        else if (previous.id === item.id) replaced.push(item);
        else return undefined;
      }
    }
    return { replaced, appended };
  }
}
