import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskPlan } from '@kyros/activities/task-run/task-run-types';

/**
 * What clients share with the task workflow (Temporal samples' `shared.ts`): its id scheme, input,
 * and the query and signal it answers. Clients start it by function reference
 * (`client.workflow.start(taskWorkflow, …)`), so its arguments are type-checked. Safe to import
 * outside workflow code.
 */
/** The activity that runs the executor; its heartbeat details are the executor's progress. */
export const EXECUTOR_ACTIVITY_TYPE = 'runTaskExecutor';
export const LEASE_REAPER_SCHEDULE_ID = 'kyros-lease-reaper';

/** One workflow id per task, so a second `run` finds the running execution. */
export function taskWorkflowId(taskId: string): string {
  return `task-${taskId}`;
}

export interface TaskWorkflowInput {
  taskId: string;
  /** How long to keep retrying a busy lease before giving up (default 10 minutes). */
  leaseWaitSeconds?: number;
  /** Collab lease TTL; renewed while the executor heartbeats (default 60 s). */
  leaseTtlSeconds?: number;
  /** After review, wait this long for the `approve` signal (default: finish in review). */
  awaitApprovalSeconds?: number;
  /**
   * The executor's options from the `tools` table, snapshotted by the API when the run started
   * (docs/TOOLS.md); absent in runs started before tools had options.
   */
  toolConfig?: Record<string, unknown>;
  /**
   * The executor and the resource its lease covers, as the API read them when the run started;
   * absent in runs started before that, which read the task first.
   */
  plan?: TaskPlan;
  /**
   * Run the executor inside the worker that runs the workflow (a local activity) instead of as a
   * heartbeating activity: the API sets it for a short, bounded run (`executorRunsInWorker`,
   * docs/adr/0006). Absent in runs started before that, and ignored by their replays.
   */
  executorInWorker?: boolean;
}

export type TaskWorkflowPhase =
  | 'acquiring_lease'
  | 'claiming'
  | 'running'
  | 'finishing'
  | 'review'
  | 'approved'
  | 'failed'
  | 'cancelled';

export interface TaskWorkflowProgress {
  taskId: string;
  phase: TaskWorkflowPhase;
  lockId?: string;
  /**
   * The executor's own progress (files done / total) is its activity's heartbeat details, which a
   * workflow cannot see: `GET /collab/tasks/{id}/run` adds them from Temporal's describe.
   */
  executor?: string;
  error?: string;
}

export type TaskWorkflowOutcome =
  | { outcome: 'review' | 'approved'; summary: string; filesChanged: string[] }
  | { outcome: 'failed'; error: string };

export const progressQuery = defineQuery<TaskWorkflowProgress>('progress');

/** A human's approval after review, honoured while the workflow waits for it (`awaitApprovalSeconds`). */
export const approveSignal = defineSignal<[{ actor: string }]>('approve');
