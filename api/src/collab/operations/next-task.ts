import type { NextTaskResponse } from '@kyros/contracts/schemas/collab-dispatch';
import { pickNextTask } from '../domain/task-dispatch.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { itemEtag } from './write-guards.ts';

/**
 * The highest-priority task that is ready (queued, dependencies done) and whose declared
 * resources overlap no live lease; plus the ready tasks passed over and the leases blocking them.
 * A read: the answer can be stale by the time the agent claims, which `claimTask` settles.
 */
export function nextTask(options: {
  store: CollabStore;
  labels?: readonly string[] | undefined;
}): NextTaskResponse {
  const { store } = options;
  const pick = pickNextTask(
    store.tasks.doc.tasks,
    store.locks.doc.leases,
    store.clock(),
    options.labels ? { labels: options.labels } : {},
  );
  return {
    task: pick.task ?? null,
    ...(pick.task ? { etag: itemEtag(pick.task) } : {}),
    ready_but_blocked: pick.blocked.map(({ task, overlaps }) => ({
      task_id: task.id,
      blocked_by: overlaps,
    })),
  };
}
