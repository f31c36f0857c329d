import {
  TaskSchema,
  type CreateTaskRequest,
  type Task,
} from '@kyros/contracts/schemas/collab-tasks';
import { AppError } from '../../errors/app-error.ts';
import { dependencyProblem } from '../domain/task-state-machine.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { taskList, tasksDocument } from '../store/tasks-document.ts';
import { normaliseResources } from './check-conflicts.ts';
import { assertSoundDependencies, itemEtag } from './write-guards.ts';

export interface CreateTaskOptions {
  store: CollabStore;
  request: CreateTaskRequest;
  /** `*` makes the create conditional on the id being free (required with an explicit id). */
  ifNoneMatch: string | undefined;
  actor: string;
}

/**
 * Adds a task in `queued`. Without an id the store picks the next `T-<n>`; with one the client
 * must send `If-None-Match: *`, so a retried create can never overwrite: it gets 412 instead.
 */
export async function createTask(
  options: CreateTaskOptions,
): Promise<{ id: string; etag: string }> {
  const { store, request, ifNoneMatch, actor } = options;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new AppError('invalid', 'If-None-Match on create must be * (create only if absent)');
  }
  if (request.id !== undefined && ifNoneMatch === undefined) {
    throw new AppError(
      'precondition_required',
      `Creating task ${request.id} with a chosen id needs If-None-Match: * (create only if absent)`,
    );
  }
  return store.tasks.update((doc) => {
    const tasks = taskList(doc);
    const id = request.id ?? nextTaskId(tasks);
    const existing = tasks.find(id);
    if (existing) {
      throw new AppError('precondition_failed', `Task ${id} already exists`, {
        body: { current: existing, etag: itemEtag(existing) },
      });
    }
    const lookup = (other: string) => tasks.find(other);
    assertSoundDependencies(dependencyProblem(id, request.dependencies ?? [], lookup));
    const now = store.clock().toISOString();
    const task: Task = TaskSchema.parse({
      ...request,
      ...(request.resources
        ? { resources: normaliseResources(request.resources, 'resources') }
        : {}),
      id,
      status: 'queued',
      version: 1,
      created_at: now,
      updated_at: now,
    });
    const etag = itemEtag(task);
    return {
      next: tasksDocument(doc.version, tasks.append(task)),
      result: { id, etag },
      events: [
        {
          event: 'task_created',
          actor,
          target: id,
          details: { task_id: id, title: task.title, status: task.status, version: task.version },
        },
      ],
    };
  });
}

/** One more than the highest `T-<n>` on the board. */
function nextTaskId(tasks: Iterable<Task>): string {
  let highest = 0;
  for (const task of tasks) highest = Math.max(highest, Number(task.id.slice(2)));
  return `T-${highest + 1}`;
}
