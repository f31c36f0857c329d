import type { Task, TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import { ItemList } from './item-list.ts';

/** Where task ids sit: one map for every version of the board, checked on every use. */
const TASK_POSITIONS = new Map<string, number>();
const lists = new WeakMap<TasksDocument, ItemList<Task>>();

/**
 * The board's tasks as an {@link ItemList}: the one a list-backed document was made from, or one
 * built (once per document) from a plain document's array.
 */
export function taskList(doc: TasksDocument): ItemList<Task> {
  let list = lists.get(doc);
  if (!list) {
    list = ItemList.from(doc.tasks, TASK_POSITIONS);
    lists.set(doc, list);
  }
  return list;
}

/**
 * A tasks document over `list`. Its `tasks` is the list as an array, built on first read, so a
 * commit that changes one task of 100,000 never copies the board unless someone reads it whole.
 * Spreading the document reads `tasks`; build the next one with this function instead.
 */
export function tasksDocument(version: number, list: ItemList<Task>): TasksDocument {
  const doc = Object.defineProperty({ version }, 'tasks', {
    enumerable: true,
    get: () => list.toArray(),
  }) as TasksDocument;
  lists.set(doc, list);
  return doc;
}

/** `doc` at another version, sharing its tasks (the store's version bump). */
export function tasksAtVersion(doc: TasksDocument, version: number): TasksDocument {
  return tasksDocument(version, taskList(doc));
}
