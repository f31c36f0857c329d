import { leaseResourceFor } from '@kyros/contracts/lease-resource';
import { taskWorkflow } from '@kyros/workflows/task-workflow';
import { taskWorkflowId, type TaskWorkflowInput } from '@kyros/workflows/task-workflow-api';
import { AppError } from '../../errors/app-error.ts';
import { executorRunsInWorker } from '../domain/executor-placement.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { readTask } from './read-task.ts';
import { temporalOrUnavailable, temporalUiLink, type TaskRunDeps } from './task-run-deps.ts';

export interface StartTaskRunOptions {
  store: CollabStore;
  runs: TaskRunDeps;
  id: string;
}

/**
 * Starts workflow `task-<id>` for a task that names an enabled executor (409 otherwise, nothing
 * started). Idempotent: while a run is open, a second call answers with that run.
 */
export async function startTaskRun({ store, runs, id }: StartTaskRunOptions) {
  const { task } = readTask(store, id);
  if (!task.executor) {
    throw new AppError('conflict', `Task ${id} names no executor, so there is nothing to run`, {
      body: { task_id: id },
    });
  }
  const tool = await runs.resolveTool(task.executor.name);
  if (!tool.runnable) {
    throw new AppError('conflict', `Task ${id} cannot run: ${tool.reason}`, {
      body: { task_id: id, executor: tool.name },
    });
  }
  const client = await temporalOrUnavailable(runs);
  const workflowId = taskWorkflowId(id);
  // The options are snapshotted into the run: later edits never reach a run already started.
  // The plan travels with the input too: the workflow need not read the task again.
  const plan = { executor: task.executor, resource: leaseResourceFor(task.executor) };
  const input: TaskWorkflowInput = {
    taskId: id,
    toolConfig: tool.config,
    plan,
    // Decided here, once, so that the run and its replays agree (docs/adr/0006).
    executorInWorker: executorRunsInWorker(task.executor),
  };
  // USE_EXISTING makes `run` idempotent: while a run is open, a second call answers with it.
  const handle = await client.workflow.start(taskWorkflow, {
    workflowId,
    taskQueue: runs.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return {
    workflow_id: workflowId,
    run_id: handle.firstExecutionRunId,
    temporal_ui_url: temporalUiLink(runs, workflowId),
  };
}
