/** Something kept as one document per item: tasks and agents. */
export interface Item {
  id: string;
}

/**
 * What one commit changed in a kind's list of items, as written to its state log: the items that
 * are new or changed (a new id goes at the end), and the whole id order only when a commit
 * removed or reordered items, which no operation does today.
 */
export interface ItemChange<T extends Item> {
  put: T[];
  order?: string[];
}

/**
 * Finds what changed between two versions of a list. Mutations keep unchanged items by reference
 * (`items.slice(); items[i] = changed`), so this compares references: no item is serialised or
 * hashed, and the loop costs a pointer comparison per item.
 */
export function diffItems<T extends Item>(
  before: readonly T[],
  after: readonly T[],
): ItemChange<T> {
  const put: T[] = [];
  let inPlace = after.length >= before.length;
  for (let i = 0; inPlace && i < before.length; i += 1) {
    const next = after[i] as T;
    if (next === before[i]) continue;
    if (next.id === (before[i] as T).id) put.push(next);
    else inPlace = false;
  }
  if (inPlace) return { put: put.concat(after.slice(before.length)) };
  const previous = new Map(before.map((item) => [item.id, item]));
  return {
    put: after.filter((item) => previous.get(item.id) !== item),
    order: after.map((item) => item.id),
  };
}

/** A list being rebuilt from its snapshot and state log, with each id's position at hand. */
export class ItemReplay<T extends Item> {
  readonly items: T[];
  readonly #positions = new Map<string, number>();

  constructor(items: T[]) {
    this.items = items;
    items.forEach((item, index) => this.#positions.set(item.id, index));
  }

  /** Applies one logged change; an `order` naming an id that is not there is refused. */
  apply(change: ItemChange<T>): void {
    for (const item of change.put) {
      const index = this.#positions.get(item.id);
      if (index === undefined) {
        this.#positions.set(item.id, this.items.length);
        this.items.push(item);
      } else this.items[index] = item;
    }
    if (!change.order) return;
    const byId = new Map(this.items.map((item) => [item.id, item]));
    const ordered = change.order.map((id) => {
      const item = byId.get(id);
      if (!item) throw new Error(`the logged order names ${id}, which no snapshot or put holds`);
      return item;
    });
    this.items.length = 0;
    for (const item of ordered) this.items.push(item);
    this.#positions.clear();
    ordered.forEach((item, index) => this.#positions.set(item.id, index));
  }
}
