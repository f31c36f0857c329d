import type { ActingIdentity } from '../../auth/acting-identity.ts';
import { AppError } from '../../errors/app-error.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { transitionTask, type TransitionResult } from './transition-task.ts';
import { itemEtag } from './write-guards.ts';

export interface ApproveTaskOptions {
  store: CollabStore;
  id: string;
  identity: ActingIdentity;
  /** The version the approver looked at; absent: the version in review right now. */
  version?: number | undefined;
  /** Where the approval came from, for the transition's reason (`channel api`, …). */
  via: string;
}

export interface ApproveResult extends TransitionResult {
  /** The task version that was approved (the transition makes the next one). */
  approved_version: number;
}

/**
 * The approval the console gives — the `review → approved` transition — pinned to one task
 * version: the transition carries that version's ETag as If-Match, so a task edited after the
 * approver looked is refused (412) rather than approved unseen.
 */
export async function approveTask(options: ApproveTaskOptions): Promise<ApproveResult> {
  const { store, id, identity, via } = options;
  const { task } = readTask(store, id);
  if (task.status !== 'review') {
    throw new AppError(
      'conflict',
      `${id} is ${task.status}; only a task in review can be approved`,
      {
        body: { task_status: task.status },
      },
    );
  }
  const version = options.version ?? task.version;
  if (version !== task.version) {
    throw new AppError(
      'precondition_failed',
      `${id} is at version ${task.version}, not ${version}: look at it again before approving`,
      { body: { current: task, etag: itemEtag(task) } },
    );
  }
  const moved = await transitionTask({
    store,
    id,
    request: { to: 'approved', reason: `approved version ${version} via ${via}` },
    identity,
    ifMatch: itemEtag(task),
    fencingToken: undefined,
  });
  return { ...moved, approved_version: version };
}
