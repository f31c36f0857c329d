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
import { itemEtag, loadTaskForWrite } from './write-guards.ts';
import { withItemAt } from '../store/kind-document-store.ts';

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
}

/** Moves a task along the state machine; claiming assigns it to the actor, unclaiming frees it. */
export async function transitionTask(options: TransitionTaskOptions): Promise<TransitionResult> {
  const { store, id, request, identity, ifMatch, fencingToken } = options;
  return store.tasks.update((doc) => {
    const { index, current, lookup } = loadTaskForWrite(doc, store.locks.doc, id, {
      ifMatch: { header: ifMatch, policy: 'optional' },
      fencingToken,
    });
    const decision = decideTransition(current, request.to, lookup);
    if (!decision.allowed) throw transitionRefusal(current, request.to, decision);
    const task: Task = {
      ...current,
      status: request.to,
      assignee: assigneeAfter(current, request.to, identity.actor),
      version: current.version + 1,
      updated_at: store.clock().toISOString(),
    };
    const tasks = withItemAt(doc.tasks, index, task);
    const events: NewEvent[] = [
      {
        event: 'task_transitioned',
        actor: identity.actor,
        target: id,
        details: {
          task_id: id,
          from: current.status,
          to: task.status,
          version: task.version,
          ...(request.reason === undefined ? {} : { reason: request.reason }),
          ...actingForDetails(identity),
        },
      },
    ];
    // The caller's own event, as `POST /collab/events` would record it, in the same commit.
    if (request.event) {
      events.push({
        event: request.event.event,
        actor: identity.actor,
        target: id,
        details: { task_id: id, ...request.event.details, ...actingForDetails(identity) },
      });
    }
    return {
      next: { ...doc, tasks },
      result: { old_status: current.status, new_status: task.status, etag: itemEtag(task) },
      events,
    };
  });
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
