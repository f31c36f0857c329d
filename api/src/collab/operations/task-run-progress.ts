import type { Client, WorkflowHandle } from '@temporalio/client';
import type { TaskRunStatusResponse } from '@kyros/contracts/schemas/task-run';
import { ExecutorProgressSchema } from '@kyros/contracts/schemas/executors';
import {
  EXECUTOR_ACTIVITY_TYPE,
  progressQuery,
  type TaskWorkflowProgress,
} from '@kyros/workflows/task-workflow-api';

/** How long the status waits for a worker to answer the progress query. */
const QUERY_DEADLINE_MS = 3_000;

/** The workflow's own progress; undefined when no worker answers in time (it is informative). */
export async function queryProgress(
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

export type PendingActivity = NonNullable<
  Awaited<ReturnType<WorkflowHandle['describe']>>['raw']['pendingActivities']
>[number];

/**
 * The executor activity's last heartbeat details, decoded with the client's payload converter
 * (Kyros configures no payload codec, so no async decoding step is needed).
 */
export function pendingExecutorProgress(
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
