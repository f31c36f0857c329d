import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import {
  TaskCancelResponse,
  TaskId,
  TaskRunResponse,
  TaskRunStatusResponse,
} from '@kyros/contracts/collab-tasks';
import { ExecutorProgressSchema } from '@kyros/contracts/executors';
import {
  EXECUTOR_ACTIVITY_TYPE,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowProgress,
} from '@kyros/workflows/task-workflow-api';
import { parseIdParam } from '../http/request-input.ts';
import { readTask } from '../operations/read-task.ts';
import {
  cancelTaskRun,
  noRun,
  runTask,
  temporalOrUnavailable,
  temporalUiLink,
  type TaskRunDeps,
} from '../operations/run-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { jsonContent, problemResponse } from './openapi-parts.ts';

/** How long the status waits for a worker to answer the progress query. */
const QUERY_DEADLINE_MS = 3_000;

export type { TaskRunDeps } from '../operations/run-task.ts';

/** Starting and cancelling a task's workflow (`task-<id>` on the worker's task queue). */
export function taskRunRoutes(store: CollabStore, deps: TaskRunDeps): Router {
  const router = Router();
  const uiLink = (workflowId: string) => temporalUiLink(deps, workflowId);

  router.post('/collab/tasks/:id/run', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
    res.status(202).json(TaskRunResponse.parse(await runTask({ store, deps, id })));
  });

  router.get('/collab/tasks/:id/run', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
    readTask(store, id);
    const client = await temporalOrUnavailable(deps);
    const workflowId = taskWorkflowId(id);
    const handle = client.workflow.getHandle(workflowId);
    const description = await handle.describe().catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) throw noRun(id, undefined, 'has never run');
      throw error;
    });
    const progress = await queryProgress(client, handle);
    const executorProgress = pendingExecutorProgress(
      client,
      description.raw.pendingActivities ?? [],
    );
    res.json(
      TaskRunStatusResponse.parse({
        workflow_id: workflowId,
        run_id: description.runId,
        status: description.status.name,
        temporal_ui_url: uiLink(workflowId),
        ...(progress ? { progress } : {}),
        ...(executorProgress ? { executor_progress: executorProgress } : {}),
      }),
    );
  });

  router.post('/collab/tasks/:id/cancel', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
    res.status(202).json(TaskCancelResponse.parse(await cancelTaskRun({ store, deps, id })));
  });
  return router;
}

/** The workflow's own progress; undefined when no worker answers in time (it is informative). */
async function queryProgress(
  client: Client,
  handle: WorkflowHandle,
): Promise<TaskRunStatusResponse['progress']> {
  const progress: TaskWorkflowProgress | undefined = await client
    .withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(progressQuery))
    .catch(() => undefined);
  if (!progress) return undefined;
  return {
    phase: progress.phase,
    ...(progress.lockId === undefined ? {} : { lock_id: progress.lockId }),
    ...(progress.executor === undefined ? {} : { executor: progress.executor }),
    ...(progress.error === undefined ? {} : { error: progress.error }),
  };
}

type PendingActivity = NonNullable<
  Awaited<ReturnType<WorkflowHandle['describe']>>['raw']['pendingActivities']
>[number];

/**
 * The executor activity's last heartbeat details, decoded with the client's payload converter
 * (Kyros configures no payload codec, so no async decoding step is needed).
 */
function pendingExecutorProgress(
  client: Client,
  pending: PendingActivity[],
): TaskRunStatusResponse['executor_progress'] {
  const activity = pending.find((each) => each.activityType?.name === EXECUTOR_ACTIVITY_TYPE);
  const payload = activity?.heartbeatDetails?.payloads?.[0];
  if (!activity || !payload) return undefined;
  const { payloadConverter } = client.options.loadedDataConverter;
  const parsed = ExecutorProgressSchema.safeParse(payloadConverter.fromPayload(payload));
  if (!parsed.success) return undefined;
  const beat = activity.lastHeartbeatTime;
  return {
    ...parsed.data,
    attempt: activity.attempt ?? 1,
    ...(beat?.seconds == null
      ? {}
      : {
          last_heartbeat_at: new Date(
            Number(beat.seconds) * 1000 + Math.floor((beat.nanos ?? 0) / 1e6),
          ).toISOString(),
        }),
  };
}

export function registerTaskRunOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({ id: TaskId });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks/{id}/run',
    tags: ['Collaboration'],
    summary: "Run the task's executor in its Temporal workflow (idempotent)",
    description:
      'Starts workflow `task-<id>`: lease the files, claimed → in_progress, run the executor, → review (or back to queued with the failure recorded), release the lease. While a run is open a second call answers with that run. 409 when the task names no executor or its executor is disabled (Settings › Tools; nothing is started); 503 when Temporal is unreachable. The options of the tool are snapshotted into the run.',
    request: { params },
    responses: {
      202: { description: 'Started, or already running', ...jsonContent(TaskRunResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/tasks/{id}/run',
    tags: ['Collaboration'],
    summary: "The task's latest run: status, workflow progress and live executor progress",
    description:
      "`progress` is the workflow's `progress` query; `executor_progress` is the executor activity's last heartbeat (e.g. files done / total), from Temporal's pending-activity details. 404 when the task has never run; 503 when Temporal is unreachable.",
    request: { params },
    responses: {
      200: { description: 'The latest run', ...jsonContent(TaskRunStatusResponse) },
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
