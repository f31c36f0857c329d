import { WorkflowNotFoundError } from '@temporalio/client';
import type { TaskRunHistoryResponse } from '@kyros/contracts/schemas/task-run-history';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { workflowHistorySteps } from '../domain/workflow-history-steps.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { noRun, temporalOrUnavailable, temporalUiLink, type TaskRunDeps } from './task-run-deps.ts';

export interface ReadTaskRunHistoryOptions {
  store: CollabStore;
  runs: TaskRunDeps;
  id: string;
}

/** The latest run's Temporal history as timeline steps (activities, retries, signals, outcome). */
export async function readTaskRunHistory({
  store,
  runs,
  id,
}: ReadTaskRunHistoryOptions): Promise<TaskRunHistoryResponse> {
  readTask(store, id);
  const client = await temporalOrUnavailable(runs);
  const workflowId = taskWorkflowId(id);
  const handle = client.workflow.getHandle(workflowId);
  const notFound = (error: unknown): never => {
    if (error instanceof WorkflowNotFoundError) throw noRun(id, undefined, 'has never run');
    throw error;
  };
  const description = await handle.describe().catch(notFound);
  const history = await client.workflow
    .getHandle(workflowId, description.runId)
    .fetchHistory()
    .catch(notFound);
  const { steps, collapsed } = workflowHistorySteps(history.events ?? []);
  return {
    workflow_id: workflowId,
    run_id: description.runId,
    status: description.status.name,
    temporal_ui_url: temporalUiLink(runs, workflowId),
    steps,
    collapsed,
  };
}
