import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type {
  Task,
  TaskStatus,
  TransitionTaskRequest,
} from '@kyros/contracts/schemas/collab-tasks';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import { AppError } from '../../errors/app-error.ts';
import { assigneeAfter, decideTransition } from '../domain/task-state-machine.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { releaseLease } from './release-lease.ts';
import { itemEtag, loadTaskForWrite } from './write-guards.ts';
import { taskList, tasksDocument } from '../store/tasks-document.ts';

export interface TransitionTaskOptions {
  store: CollabStore;
  id: string;
  request: TransitionTaskRequest;
  /** Who moves it, from the credential (docs/adr/0008). */
  identity: ActingIdentity;
  /** Optional: a transition is already a compare-and-set on `status`; If-Match pins the whole task. */
  ifMatch: string | undefined;
  fencingToken: number | undefined;
}

export interface TransitionResult {
  old_status: TaskStatus;
  new_status: TaskStatus;
  etag: string;
  /** With `release_lease`: whether this call released it. */
  lease_released?: boolean;
}

/** One move of a request: the transition itself, then its optional `then`. */
type Move = Pick<TransitionTaskRequest, 'to' | 'reason' | 'event'>;

/**
 * Moves a task along the state machine; claiming assigns it to the actor, unclaiming frees it.
 * `then` makes a second move in the same write, `release_lease` releases the actor's lease once
 * the moves are written: the events of the separate calls, in their order, for one request.
 */
export async function transitionTask(options: TransitionTaskOptions): Promise<TransitionResult> {
  const moved = await moveTask(options);
  const lease = options.request.release_lease;
  if (!lease) return moved;
  return { ...moved, lease_released: await releaseIfHeld(options, lease) };
}

function moveTask(options: TransitionTaskOptions): Promise<TransitionResult> {
  const { store, id, request, identity, ifMatch, fencingToken } = options;
  const moves: Move[] = request.then ? [request, request.then] : [request];
  return store.tasks.update((doc) => {
    const { index, current, lookup } = loadTaskForWrite(doc, store.locks.doc, id, {
      ifMatch: { header: ifMatch, policy: 'optional' },
      fencingToken,
    });
    let task = current;
    const events: NewEvent[] = [];
    for (const move of moves) {
      const decision = decideTransition(task, move.to, lookup);
      if (!decision.allowed) throw transitionRefusal(task, move.to, decision);
      const from = task.status;
      task = {
        ...task,
        status: move.to,
        assignee: assigneeAfter(task, move.to, identity.actor),
        version: task.version + 1,
        updated_at: store.clock().toISOString(),
      };
      events.push(...moveEvents(id, from, task, move, identity));
    }
    return {
      next: tasksDocument(doc.version, taskList(doc).with(index, task)),
      result: { old_status: current.status, new_status: task.status, etag: itemEtag(task) },
      events,
    };
  });
}

/** `task_transitioned`, then the caller's own event as `POST /collab/events` would record it. */
function moveEvents(
  id: string,
  from: TaskStatus,
  task: Task,
  move: Move,
  identity: ActingIdentity,
): NewEvent[] {
  const events: NewEvent[] = [
    {
      event: 'task_transitioned',
      actor: identity.actor,
      target: id,
      details: {
        task_id: id,
        from,
        to: task.status,
        version: task.version,
        ...(move.reason === undefined ? {} : { reason: move.reason }),
        ...actingForDetails(identity),
      },
    },
  ];
  if (move.event) {
    events.push({
      event: move.event.event,
      actor: identity.actor,
      target: id,
      details: { task_id: id, ...move.event.details, ...actingForDetails(identity) },
    });
  }
  return events;
}

/** A lease that has already ended, or is not the actor's, is an answer (`false`), not an error. */
async function releaseIfHeld(
  { store, identity }: TransitionTaskOptions,
  lease: NonNullable<TransitionTaskRequest['release_lease']>,
): Promise<boolean> {
  try {
    await releaseLease({ store, lockId: lease.lock_id, identity, details: lease.details });
    return true;
  } catch (error) {
    // Release's refusals: never granted (404), already ended (409), someone else's (403).
    if (error instanceof AppError && [403, 404, 409].includes(error.status)) return false;
    throw error;
  }
}

export function transitionRefusal(
  task: Task,
  to: TaskStatus,
  decision: Exclude<ReturnType<typeof decideTransition>, { allowed: true }>,
): AppError {
  const move = `${task.id} cannot move ${task.status} → ${to}`;
  switch (decision.reason) {
    case 'illegal': {
      const allowed = decision.allowedMoves;
      const options =
        allowed.length > 0
          ? `allowed from ${task.status}: ${allowed.join(', ')}`
          : `${task.status} is final`;
      return new AppError('conflict', `${move}: ${options}`, {
        body: { task_status: task.status, allowed_moves: allowed },
      });
    }
    case 'unmet_dependencies':
      return new AppError(
        'conflict',
        `${move}: unfinished dependencies ${decision.unmet.map((d) => `${d.id} (${d.status})`).join(', ')}`,
        { body: { task_status: task.status, unmet_dependencies: decision.unmet } },
      );
    case 'unchecked_dod':
      return new AppError(
        'conflict',
        `${move}: Definition of Done items not checked: ${decision.unchecked.map((item) => `"${item}"`).join(', ')}`,
        { body: { task_status: task.status, unchecked_dod: decision.unchecked } },
      );
  }
}
