/**
 * Where an id sits in a list of items, in O(1) for the lists a store commits one after another.
 * Every version of a board is a new list, but operations replace items in place and append new
 * ones, so an item keeps its position from one version to the next: one map of hints serves all
 * versions. It is only a hint, checked on every use (`idAt(i) === id`), so it can never give a
 * wrong answer; what it does not know (a new item, a moved one, an absent id) is found by
 * scanning from the end, where new items are, learning every position it passes.
 */
export function positionIn(
  hints: Map<string, number>,
  length: number,
  idAt: (index: number) => string,
  id: string,
): number {
  const known = hints.get(id);
  if (known !== undefined && known < length && idAt(known) === id) return known;
  for (let i = length - 1; i >= 0; i -= 1) {
    const seen = idAt(i);
    hints.set(seen, i);
    if (seen === id) return i;
  }
  hints.delete(id);
  return -1;
}

const hintsByList = new Map<string, Map<string, number>>();

/** The index of `id` in `items`, or -1; `list` names the lists that share hints ("Agent"). */
export function positionOf(items: readonly { id: string }[], id: string, list: string): number {
  let hints = hintsByList.get(list);
  if (!hints) {
    hints = new Map();
    hintsByList.set(list, hints);
  }
  return positionIn(hints, items.length, (i) => (items[i] as { id: string }).id, id);
}
