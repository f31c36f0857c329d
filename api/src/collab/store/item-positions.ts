/**
 * Where an id sits in a list of items, in O(1) for the lists a store commits one after another.
 * Every version of a board is a new array, but operations replace items in place and append new
 * ones, so an item keeps its position from one version to the next: one map per list serves all
 * versions. It is only a hint, checked on every use (`items[i].id === id`), so it can never give
 * a wrong answer; what it does not know (a new item, a moved one, an absent id) is found by
 * scanning from the end, where new items are, learning every position it passes.
 */
const hints = new Map<string, Map<string, number>>();

/** The index of `id` in `items`, or -1; `list` names the lists that share positions ("Task"). */
export function positionOf(items: readonly { id: string }[], id: string, list: string): number {
  let hint = hints.get(list);
  if (!hint) {
    hint = new Map();
    hints.set(list, hint);
  }
  const known = hint.get(id);
  if (known !== undefined && items[known]?.id === id) return known;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const seen = (items[i] as { id: string }).id;
    hint.set(seen, i);
    if (seen === id) return i;
  }
  hint.delete(id);
  return -1;
}
