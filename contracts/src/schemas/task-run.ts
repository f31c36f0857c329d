import { z } from 'zod';
import { ExecutorProgressSchema } from './executors.ts';

// A task's run (`/collab/tasks/{id}/run`, `…/cancel`): its Temporal workflow as the API reports it.

/** `POST /collab/tasks/{id}/run`: the task's workflow execution (a new one or the running one). */
export const TaskRunResponse = z
  .strictObject({
    workflow_id: z.string(),
    run_id: z.string(),
    temporal_ui_url: z.url(),
  })
  .meta({ id: 'TaskRunResponse' });
export type TaskRunResponse = z.infer<typeof TaskRunResponse>;

/** `POST /collab/tasks/{id}/cancel`: cancellation was requested; the workflow cleans up. */
export const TaskCancelResponse = z
  .strictObject({ workflow_id: z.string(), cancel_requested: z.literal(true) })
  .meta({ id: 'TaskCancelResponse' });
export type TaskCancelResponse = z.infer<typeof TaskCancelResponse>;

/**
 * `GET /collab/tasks/{id}/run`: the task's latest run. `progress` is the workflow's own answer to
 * its `progress` query; `executor_progress` is what the executor activity last reported in its
 * heartbeat (files done / total), read from Temporal's description of the workflow, because a
 * workflow cannot see its activities' heartbeats.
 */
export const TaskRunStatusResponse = z
  .strictObject({
    workflow_id: z.string(),
    run_id: z.string(),
    status: z
      .string()
      .describe('Temporal execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, …'),
    temporal_ui_url: z.url(),
    progress: z
      .strictObject({
        phase: z.string(),
        lock_id: z.string().optional(),
        executor: z.string().optional(),
        error: z.string().optional(),
      })
      .optional()
      .describe('Absent when no worker answered the query in time.'),
    executor_progress: ExecutorProgressSchema.extend({
      attempt: z.number().int().positive(),
      last_heartbeat_at: z.iso.datetime().optional(),
    })
      .optional()
      .describe('Present while the executor activity is pending and has heartbeated.'),
  })
  .meta({ id: 'TaskRunStatusResponse' });
export type TaskRunStatusResponse = z.infer<typeof TaskRunStatusResponse>;
