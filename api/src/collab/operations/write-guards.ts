import type { LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import type { Task, TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import { AppError } from '../../errors/app-error.ts';
import { strongEtag } from '../domain/canonical-json.ts';
import { ifMatchSatisfied } from '../domain/etag-preconditions.ts';
import { decideFencing } from '../domain/lease-rules.ts';
import type { dependencyProblem } from '../domain/task-state-machine.ts';
import { ItemList } from '../store/item-list.ts';
import { positionOf } from '../store/item-positions.ts';
import { taskList } from '../store/tasks-document.ts';

/** The ETag of one task or agent: its own version plus the digest of its canonical JSON. */
export function itemEtag(item: { version: number }): string {
  return strongEtag(item.version, item);
}

export function findOrNotFound<T extends { id: string }>(
  items: readonly T[] | ItemList<T>,
  id: string,
  noun: string,
): { index: number; item: T } {
  const index = items instanceof ItemList ? items.indexOf(id) : positionOf(items, id, noun);
  const item = items instanceof ItemList ? items.at(index) : items[index];
  if (!item) throw new AppError('not_found', `${noun} ${id} does not exist`);
  return { index, item };
}

/** Lost-update protection (RFC 6585 §3, RFC 9110 §13.1.1): 428 without If-Match, 412 when stale. */
export function requireIfMatch(
  ifMatch: string | undefined,
  current: { id: string; version: number },
  noun: string,
): void {
  if (ifMatch === undefined) {
    throw new AppError(
      'precondition_required',
      `Changing ${noun} ${current.id} needs an If-Match header with its current ETag (read it first)`,
    );
  }
  checkIfMatch(ifMatch, current, noun);
}

/** For writes where If-Match is optional: checked only when the client sent one. */
export function checkIfMatch(
  ifMatch: string | undefined,
  current: { id: string; version: number },
  noun: string,
): void {
  const etag = itemEtag(current);
  if (ifMatchSatisfied(ifMatch, etag)) return;
  throw new AppError(
    'precondition_failed',
    `${noun} ${current.id} changed since you read it (If-Match ${ifMatch ?? ''} is not ${etag}); re-read and re-apply`,
    { body: { current, etag } },
  );
}

export interface TaskWriteGuard {
  /** `required`: 428 without If-Match (PATCH); `optional`: checked only when sent (transition). */
  ifMatch: { header: string | undefined; policy: 'required' | 'optional' };
  fencingToken: number | undefined;
}

/**
 * What every write to one task checks first, in this order: the task exists (404), If-Match
 * still names it (428/412) and a presented X-Fencing-Token is the newest for it (409). Returns the
 * task, its index and a lookup of the other tasks (for dependency rules).
 */
export function loadTaskForWrite(
  doc: TasksDocument,
  locks: LocksDocument,
  id: string,
  guard: TaskWriteGuard,
): { index: number; current: Task; lookup: (id: string) => Task | undefined } {
  const tasks = taskList(doc);
  const { index, item: current } = findOrNotFound(tasks, id, 'Task');
  if (guard.ifMatch.policy === 'required') requireIfMatch(guard.ifMatch.header, current, 'task');
  else checkIfMatch(guard.ifMatch.header, current, 'task');
  requireFencing(locks, id, guard.fencingToken);
  const lookup = (other: string) => tasks.find(other);
  return { index, current, lookup };
}

/** A write presenting X-Fencing-Token must hold the newest lease ever granted for the task. */
function requireFencing(locks: LocksDocument, taskId: string, token: number | undefined): void {
  if (token === undefined) return;
  const decision = decideFencing(locks, taskId, token);
  if (decision.ok) return;
  if (decision.reason === 'no_lease') {
    throw new AppError(
      'conflict',
      `X-Fencing-Token ${token} cannot be checked: no lease with task_id ${taskId} was ever granted`,
      { body: { fencing_token: token } },
    );
  }
  throw new AppError(
    'conflict',
    `X-Fencing-Token ${token} is stale: a newer lease for ${taskId} was granted with token ${decision.highest}; your lease was lost`,
    { body: { fencing_token: token, highest_fencing_token: decision.highest } },
  );
}
/** Unknown dependency ids are bad input (400); a cycle conflicts with the board as it is (409). */
export function assertSoundDependencies(problem: ReturnType<typeof dependencyProblem>): void {
  if (!problem) return;
  if (problem.kind === 'unknown') {
    throw new AppError('invalid', `Unknown dependency task(s): ${problem.ids.join(', ')}`, {
      errors: problem.ids.map((id) => ({
        path: 'dependencies',
        message: `task ${id} does not exist`,
      })),
    });
  }
  throw new AppError('conflict', `Dependencies would form a cycle: ${problem.path.join(' → ')}`, {
    body: { cycle: problem.path },
  });
}
