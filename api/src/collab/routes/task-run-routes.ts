import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { TaskCancelResponse, TaskId, TaskRunResponse } from '@kyros/contracts/collab-tasks';
import {
  TASK_WORKFLOW_TYPE,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '@kyros/workflows/task-workflow-api';
import { AppError } from '../../errors/app-error.ts';
import { parseIdParam } from '../http/request-input.ts';
import { readTask } from '../operations/read-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { jsonContent, problemResponse } from './openapi-parts.ts';

export interface TaskRunDeps {
  /** The API's Temporal client, connected on first use (TemporalGateway.client). */
  temporalClient(): Promise<Client>;
  namespace: string;
  taskQueue: string;
  /** Base URL of the Temporal UI, for the deep link in every answer. */
  uiUrl: string;
}

/** Starting and cancelling a task's workflow (`task-<id>` on the worker's task queue). */
export function taskRunRoutes(store: CollabStore, deps: TaskRunDeps): Router {
  const router = Router();
  const uiLink = (workflowId: string) =>
    `${deps.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

  router.post('/collab/tasks/:id/run', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
    const { task } = readTask(store, id);
    if (!task.executor) {
      throw new AppError('conflict', `Task ${id} names no executor, so there is nothing to run`, {
        body: { task_id: id },
      });
    }
    const client = await temporalOrUnavailable(deps);
    const workflowId = taskWorkflowId(id);
    const input: TaskWorkflowInput = { taskId: id };
    // USE_EXISTING makes `run` idempotent: while a run is open, a second call answers with it.
    const handle = await client.workflow.start(TASK_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    res.status(202).json(
      TaskRunResponse.parse({
        workflow_id: workflowId,
        run_id: handle.firstExecutionRunId,
        temporal_ui_url: uiLink(workflowId),
      }),
    );
  });

  router.post('/collab/tasks/:id/cancel', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
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
    res
      .status(202)
      .json(TaskCancelResponse.parse({ workflow_id: workflowId, cancel_requested: true }));
  });
  return router;
}

function noRun(id: string, status?: string): AppError {
  const state = status ? ` (its last run is ${status.toLowerCase()})` : '';
  return new AppError('not_found', `Task ${id} has no running workflow${state}`);
}

async function temporalOrUnavailable(deps: TaskRunDeps): Promise<Client> {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}

export function registerTaskRunOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({ id: TaskId });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks/{id}/run',
    tags: ['Collaboration'],
    summary: "Run the task's executor in its Temporal workflow (idempotent)",
    description:
      'Starts workflow `task-<id>`: lease the files, claimed → in_progress, run the executor, → review (or back to queued with the failure recorded), release the lease. While a run is open a second call answers with that run. 409 when the task names no executor; 503 when Temporal is unreachable.',
    request: { params },
    responses: {
      202: { description: 'Started, or already running', ...jsonContent(TaskRunResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks/{id}/cancel',
    tags: ['Collaboration'],
    summary: "Cancel the task's running workflow",
    description:
      'Requests cancellation: the executor stops, the task goes back to queued, the lease is released and `task_run_cancelled` is recorded. 404 when no run is open.',
    request: { params },
    responses: {
      202: { description: 'Cancellation requested', ...jsonContent(TaskCancelResponse) },
      ...problemResponse,
    },
  });
}
