import { WorkflowNotFoundError } from '@temporalio/client';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { noRun, temporalOrUnavailable, type TaskRunDeps } from './task-run-deps.ts';

export interface CancelTaskRunOptions {
  store: CollabStore;
  runs: TaskRunDeps;
  id: string;
}

/** Requests cancellation of the task's running workflow; 404 when no run is open. */
export async function cancelTaskRun({ store, runs, id }: CancelTaskRunOptions) {
  readTask(store, id);
  const client = await temporalOrUnavailable(runs);
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
  return { workflow_id: workflowId, cancel_requested: true as const };
}
