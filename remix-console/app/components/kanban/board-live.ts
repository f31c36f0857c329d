import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { TaskStatus, type Task } from '@kyros/contracts/schemas/collab-tasks';
import { z } from 'zod';

/**
 * What the board does with one live event:
 * - `patch`: the event says all that changed (a transition) — these are the new tasks;
 * - `fetch`: the event names a task whose new content it does not carry — load just that one;
 * - `revalidate`: a task event this module does not know — reload the whole board (debounced);
 * - `ignore`: nothing on the board changes (or the board already shows this version).
 */
export type LiveBoardStep =
  | { kind: 'patch'; tasks: Task[] }
  | { kind: 'fetch'; id: string }
  | { kind: 'revalidate' }
  | { kind: 'ignore' };

const Transitioned = z.object({
  task_id: z.string(),
  to: TaskStatus,
  version: z.number().int().positive(),
});
const Versioned = z.object({ task_id: z.string(), version: z.number().int().positive() });
const Named = z.object({ task_id: z.string() });

/** Task events that leave the task document as it is (its status moves come as transitions). */
const NO_BOARD_CHANGE = new Set([
  'task_claimed',
  'task_run_cancelled',
  'executor_started',
  'executor_succeeded',
  'executor_failed',
]);

/** Whether an event is about tasks at all (the rest never touch the board). */
export function isTaskEvent(event: CollabEvent): boolean {
  return event.event.startsWith('task') || event.event.startsWith('executor');
}

/** The board after one live event, or what to load to find out. Pure: `tasks` is not changed. */
export function applyLiveEvent(tasks: readonly Task[], event: CollabEvent): LiveBoardStep {
  if (!isTaskEvent(event) || NO_BOARD_CHANGE.has(event.event)) return { kind: 'ignore' };
  switch (event.event) {
    case 'task_transitioned': {
      const details = Transitioned.safeParse(event.details);
      if (!details.success) return { kind: 'revalidate' };
      const { task_id: id, to, version } = details.data;
      const index = tasks.findIndex((task) => task.id === id);
      const current = tasks[index];
      if (!current) return { kind: 'fetch', id };
      if (current.version >= version) return { kind: 'ignore' };
      // A version skipped means a change this board missed: its content is unknown.
      if (current.version !== version - 1) return { kind: 'fetch', id };
      const next = tasks.slice();
      next[index] = {
        ...current,
        status: to,
        // The API's rule (assigneeAfter): claiming assigns the actor, unclaiming clears it.
        assignee: to === 'claimed' ? event.actor : to === 'queued' ? null : current.assignee,
        version,
        updated_at: event.ts,
      };
      return { kind: 'patch', tasks: next };
    }
    case 'task_updated': {
      const details = Versioned.safeParse(event.details);
      if (!details.success) return { kind: 'revalidate' };
      const current = tasks.find((task) => task.id === details.data.task_id);
      return current && current.version >= details.data.version
        ? { kind: 'ignore' }
        : { kind: 'fetch', id: details.data.task_id };
    }
    case 'task_created': {
      const details = Named.safeParse(event.details);
      if (!details.success) return { kind: 'revalidate' };
      return tasks.some((task) => task.id === details.data.task_id)
        ? { kind: 'ignore' }
        : { kind: 'fetch', id: details.data.task_id };
    }
    default:
      return { kind: 'revalidate' };
  }
}

/** The board with `task` in it: replaces an older version in place, or adds a new task last. */
export function upsertTask(tasks: readonly Task[], task: Task): Task[] {
  const index = tasks.findIndex((candidate) => candidate.id === task.id);
  if (index === -1) return [...tasks, task];
  const current = tasks[index];
  if (current && current.version >= task.version) return tasks as Task[];
  const next = tasks.slice();
  next[index] = task;
  return next;
}

/**
 * A freshly loaded board merged with what live events already showed: the newer version of each
 * task wins, and tasks the snapshot does not have yet (created while it loaded) stay.
 */
export function mergeSnapshot(local: readonly Task[], snapshot: readonly Task[]): Task[] {
  const localById = new Map(local.map((task) => [task.id, task]));
  const seen = new Set<string>();
  let changed = false;
  const merged = snapshot.map((task) => {
    seen.add(task.id);
    const mine = localById.get(task.id);
    if (mine && mine.version > task.version) {
      changed = true;
      return mine;
    }
    return task;
  });
  const extra = local.filter((task) => !seen.has(task.id));
  if (!changed && extra.length === 0) return snapshot as Task[];
  return [...merged, ...extra];
}
