import type { Client } from '@temporalio/client';
import type { TaskRunResponse } from '@kyros/contracts/collab-tasks';
import { taskWorkflowId, type TaskWorkflowInput } from '@kyros/workflows/task-workflow-api';
import { taskWorkflow } from '@kyros/workflows/task-workflow';
import { AppError } from '../../errors/app-error.ts';
import type { RunnableTool } from '../../tools/domain/runnable-tool.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';

/** What starting and cancelling task runs needs (the API's Temporal client and the tools gate). */
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

export interface StartTaskRunOptions {
  store: CollabStore;
  deps: TaskRunDeps;
  id: string;
}

/**
 * Starts workflow `task-<id>` for a task that names an enabled executor. USE_EXISTING makes it
 * idempotent: while a run is open, a second call answers with that run.
 */
export async function startTaskRun(options: StartTaskRunOptions): Promise<TaskRunResponse> {
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

/** The Temporal UI page of a workflow, for deep links. */
export function temporalUiLink(
  deps: Pick<TaskRunDeps, 'uiUrl' | 'namespace'>,
  workflowId: string,
): string {
  return `${deps.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function temporalOrUnavailable(deps: Pick<TaskRunDeps, 'temporalClient'>) {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}
