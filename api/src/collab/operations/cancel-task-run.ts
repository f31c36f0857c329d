import { WorkflowNotFoundError } from '@temporalio/client';
import type { TaskCancelResponse } from '@kyros/contracts/collab-tasks';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { AppError } from '../../errors/app-error.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { temporalOrUnavailable, type TaskRunDeps } from './start-task-run.ts';

export interface CancelTaskRunOptions {
  store: CollabStore;
  deps: Pick<TaskRunDeps, 'temporalClient'>;
  id: string;
}

/** Requests cancellation of the task's running workflow; 404 when no run is open. */
export async function cancelTaskRun(options: CancelTaskRunOptions): Promise<TaskCancelResponse> {
  const { store, deps, id } = options;
  readTask(store, id);
  const client = await temporalOrUnavailable(deps);
  const workflowId = taskWorkflowId(id);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') throw noRun(id, status.name);
    await handle.cancel();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw noRun(id);
    throw error;
  }
  return { workflow_id: workflowId, cancel_requested: true };
}

/** A task without an open run: 404, naming how its last run ended when there was one. */
export function noRun(id: string, status?: string, what = 'has no running workflow'): AppError {
  const state = status ? ` (its last run is ${status.toLowerCase()})` : '';
  return new AppError('not_found', `Task ${id} ${what}${state}`);
}
