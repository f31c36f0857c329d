import type { Item } from './collab-rows.ts';

/**
 * The rows a draft changes against the latest list: `updated` items (a new object under a kept key),
 * `fresh` ones, the keys `deleted`, and the position order when the draft's differs from it.
 * Mutations keep unchanged items by reference, so a reference comparison finds the changed ones.
 */
export function diffItems(before: Item[], after: Item[], key: string): ItemDiff {
  return diffInPlace(before, after, key) ?? diffByKey(before, after, key);
}

export interface ItemDiff {
  updated: Item[];
  fresh: Item[];
  deleted: string[];
  /** The items in position order, when the draft's order differs from it. */
  ordered?: Item[];
}

/**
 * The common case, in a pointer comparison per item and no allocation per item: every item of
 * `before` is still where it was (changed or not) and new ones follow. Undefined otherwise.
 */
function diffInPlace(before: Item[], after: Item[], key: string): ItemDiff | undefined {
  if (after.length < before.length) return undefined;
  const updated: Item[] = [];
  for (let i = 0; i < before.length; i += 1) {
    const next = after[i] as Item;
    const previous = before[i] as Item;
    if (next === previous) continue;
    if (next[key] !== previous[key]) return undefined;
    updated.push(next);
  }
  return { updated, fresh: after.slice(before.length), deleted: [] };
}

/** Any other draft (items removed, moved or inserted), matched by key. */
function diffByKey(before: Item[], after: Item[], key: string): ItemDiff {
  const previous = new Map(before.map((item, index) => [item[key] as string, index]));
  const kept: { index: number; item: Item }[] = [];
  const updated: Item[] = [];
  const fresh: Item[] = [];
  let reordered = false;
  for (const item of after) {
    const id = item[key] as string;
    const index = previous.get(id);
    if (index === undefined) {
      fresh.push(item);
      continue;
    }
    const last = kept.at(-1);
    if (fresh.length > 0 || (last && last.index > index)) reordered = true;
    if (before[index] !== item) updated.push(item);
    kept.push({ index, item });
    previous.delete(id);
  }
  return {
    updated,
    fresh,
    deleted: [...previous.keys()],
    ...(reordered
      ? {
          ordered: [...kept.sort((a, b) => a.index - b.index).map(({ item }) => item), ...fresh],
        }
      : {}),
  };
}
