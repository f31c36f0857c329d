import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TaskCancelResponse, TaskRunResponse } from '@kyros/contracts/collab-tasks';
import { taskWorkflowId, type TaskWorkflowInput } from '@kyros/workflows/task-workflow-api';
import { taskWorkflow } from '@kyros/workflows/task-workflow';
import { AppError } from '../../errors/app-error.ts';
import type { RunnableTool } from '../../tools/domain/runnable-tool.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';

export interface TaskRunDeps {
  /** The API's Temporal client, connected on first use (TemporalGateway.client). */
  temporalClient(): Promise<Client>;
  namespace: string;
  taskQueue: string;
  /** Base URL of the Temporal UI, for the deep link in every answer. */
  uiUrl: string;
  /** Whether the executor may run now and the options its run takes (the `tools` table). */
  resolveTool(name: string): Promise<RunnableTool>;
}

/**
 * Starts the task's workflow `task-<id>`, or answers the one already running (USE_EXISTING makes
 * it idempotent). 409 when the task names no executor or its tool is disabled (nothing starts).
 */
export async function runTask(options: {
  store: CollabStore;
  deps: TaskRunDeps;
  id: string;
}): Promise<TaskRunResponse> {
  const { store, deps, id } = options;
  const { task } = readTask(store, id);
  if (!task.executor) {
    throw new AppError('conflict', `Task ${id} names no executor, so there is nothing to run`, {
      body: { task_id: id },
    });
  }
  const tool = await deps.resolveTool(task.executor.name);
  if (!tool.runnable) {
    throw new AppError('conflict', `Task ${id} cannot run: ${tool.reason}`, {
      body: { task_id: id, executor: tool.name },
    });
  }
  const client = await temporalOrUnavailable(deps);
  const workflowId = taskWorkflowId(id);
  // The options are snapshotted into the run: later edits never reach a run already started.
  const input: TaskWorkflowInput = { taskId: id, toolConfig: tool.config };
  const handle = await client.workflow.start(taskWorkflow, {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return {
    workflow_id: workflowId,
    run_id: handle.firstExecutionRunId,
    temporal_ui_url: temporalUiLink(deps, workflowId),
  };
}

/** Requests cancellation of the task's running workflow; 404 when none is running. */
export async function cancelTaskRun(options: {
  store: CollabStore;
  deps: TaskRunDeps;
  id: string;
}): Promise<TaskCancelResponse> {
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

export function temporalUiLink(deps: TaskRunDeps, workflowId: string): string {
  return `${deps.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function noRun(id: string, status?: string, what = 'has no running workflow'): AppError {
  const state = status ? ` (its last run is ${status.toLowerCase()})` : '';
  return new AppError('not_found', `Task ${id} ${what}${state}`);
}

export async function temporalOrUnavailable(deps: TaskRunDeps): Promise<Client> {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}
