import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import type { CollabStore } from '../store/open-collab-store.ts';
import { findOrNotFound, itemEtag } from './write-guards.ts';

export function readTask(store: CollabStore, id: string): { task: Task; etag: string } {
  const { tasks } = store.tasks.doc;
  const task = findOrNotFound(tasks, id, 'Task').item;
  return { task, etag: itemEtag(task) };
}
