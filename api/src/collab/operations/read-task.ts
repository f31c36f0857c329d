import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import type { CollabStore } from '../store/open-collab-store.ts';
import { taskList } from '../store/tasks-document.ts';
import { findOrNotFound, itemEtag } from './write-guards.ts';

export function readTask(store: CollabStore, id: string): { task: Task; etag: string } {
  const task = findOrNotFound(taskList(store.tasks.doc), id, 'Task').item;
  return { task, etag: itemEtag(task) };
}
