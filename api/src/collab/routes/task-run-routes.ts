import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  TaskCancelResponse,
  TaskId,
  TaskRunResponse,
  TaskRunStatusResponse,
} from '@kyros/contracts/schemas/collab-tasks';
import { ExecutorProgressSchema } from '@kyros/contracts/schemas/executors';
import {
  EXECUTOR_ACTIVITY_TYPE,
  progressQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
  type TaskWorkflowProgress,
} from '@kyros/workflows/task-workflow-api';
import { taskWorkflow } from '@kyros/workflows/task-workflow';
import { AppError } from '../../errors/app-error.ts';
import type { RunnableTool } from '../../tools/domain/runnable-tool.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import { readTask } from '../operations/read-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

/** How long the status waits for a worker to answer the progress query. */
const QUERY_DEADLINE_MS = 3_000;

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

const TAGS = ['Collaboration'];
const params = { id: pathId(TaskId, 'Task') };

/** Starting, following and cancelling a task's workflow (`task-<id>` on the worker's task queue). */
export function taskRunRoutes(store: CollabStore, deps: TaskRunDeps): Route[] {
  const uiLink = (workflowId: string) =>
    `${deps.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return [
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/run',
      role: 'agent',
      tags: TAGS,
      summary: "Run the task's executor in its Temporal workflow (idempotent)",
      description:
        'Starts workflow `task-<id>`: lease the files, claimed → in_progress, run the executor, → review (or back to queued with the failure recorded), release the lease. While a run is open a second call answers with that run. 409 when the task names no executor or its executor is disabled (Settings › Tools; nothing is started); 503 when Temporal is unreachable. The options of the tool are snapshotted into the run.',
      params,
      responses: {
        202: { description: 'Started, or already running', ...jsonContent(TaskRunResponse) },
      },
      async handle({ params: { id } }, { res }) {
        const { task } = readTask(store, id);
        if (!task.executor) {
          throw new AppError(
            'conflict',
            `Task ${id} names no executor, so there is nothing to run`,
            {
              body: { task_id: id },
            },
          );
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
        // USE_EXISTING makes `run` idempotent: while a run is open, a second call answers with it.
        const handle = await client.workflow.start(taskWorkflow, {
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
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/tasks/{id}/run',
      role: 'viewer',
      tags: TAGS,
      summary: "The task's latest run: status, workflow progress and live executor progress",
      description:
        "`progress` is the workflow's `progress` query; `executor_progress` is the executor activity's last heartbeat (e.g. files done / total), from Temporal's pending-activity details. 404 when the task has never run; 503 when Temporal is unreachable.",
      params,
      responses: { 200: { description: 'The latest run', ...jsonContent(TaskRunStatusResponse) } },
      async handle({ params: { id } }, { res }) {
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
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/cancel',
      role: 'agent',
      tags: TAGS,
      summary: "Cancel the task's running workflow",
      description:
        'Requests cancellation: the executor stops, the task goes back to queued, the lease is released and `task_run_cancelled` is recorded. 404 when no run is open.',
      params,
      responses: {
        202: { description: 'Cancellation requested', ...jsonContent(TaskCancelResponse) },
      },
      async handle({ params: { id } }, { res }) {
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
      },
    }),
  ];
}

function noRun(id: string, status?: string, what = 'has no running workflow'): AppError {
  const state = status ? ` (its last run is ${status.toLowerCase()})` : '';
  return new AppError('not_found', `Task ${id} ${what}${state}`);
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

async function temporalOrUnavailable(deps: TaskRunDeps): Promise<Client> {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}
