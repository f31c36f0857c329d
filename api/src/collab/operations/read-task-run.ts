import { WorkflowNotFoundError } from '@temporalio/client';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { noRun, temporalOrUnavailable, temporalUiLink, type TaskRunDeps } from './task-run-deps.ts';
import { pendingExecutorProgress, queryProgress } from './task-run-progress.ts';

export interface ReadTaskRunOptions {
  store: CollabStore;
  runs: TaskRunDeps;
  id: string;
}

/** The task's latest run: Temporal's status, the workflow's progress, the executor's heartbeat. */
export async function readTaskRun({ store, runs, id }: ReadTaskRunOptions) {
  readTask(store, id);
  const client = await temporalOrUnavailable(runs);
  const workflowId = taskWorkflowId(id);
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) throw noRun(id, undefined, 'has never run');
    throw error;
  });
  const progress = await queryProgress(client, handle);
  const executorProgress = pendingExecutorProgress(client, description.raw.pendingActivities ?? []);
  return {
    workflow_id: workflowId,
    run_id: description.runId,
    status: description.status.name,
    temporal_ui_url: temporalUiLink(runs, workflowId),
    ...(progress ? { progress } : {}),
    ...(executorProgress ? { executor_progress: executorProgress } : {}),
  };
}
