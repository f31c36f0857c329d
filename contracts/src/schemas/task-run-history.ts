import { z } from 'zod';

/**
 * A task run's Temporal history as the console's timeline shows it
 * (`GET /collab/tasks/{id}/run/history`): one step per activity, local activity, signal, update,
 * timer and workflow outcome, with the workflow-task bookkeeping collapsed into a count.
 */

export const WorkflowStepKind = z
  .enum(['workflow', 'activity', 'local_activity', 'signal', 'update', 'timer', 'workflow_task'])
  .meta({ id: 'WorkflowStepKind' });
export type WorkflowStepKind = z.infer<typeof WorkflowStepKind>;

export const WorkflowStepStatus = z
  .enum(['started', 'scheduled', 'running', 'completed', 'failed', 'timed_out', 'cancelled'])
  .meta({ id: 'WorkflowStepStatus' });
export type WorkflowStepStatus = z.infer<typeof WorkflowStepStatus>;

export const WorkflowStep = z
  .strictObject({
    /** The history event id that opened the step: stable, and the step's order. */
    event_id: z.number().int().positive(),
    /** When the step began (scheduled, signalled, started). */
    ts: z.iso.datetime(),
    /** When it ended, if it has. */
    ended_at: z.iso.datetime().optional(),
    kind: WorkflowStepKind,
    /** The activity type, signal or update name, timer id or workflow type. */
    name: z.string(),
    status: WorkflowStepStatus,
    /** Attempts it took (activities); above 1 means Temporal retried it. */
    attempts: z.number().int().positive().optional(),
    /** The failure message of a failed step, or of the last failed attempt before a retry. */
    failure: z.string().optional(),
  })
  .meta({ id: 'WorkflowStep' });
export type WorkflowStep = z.infer<typeof WorkflowStep>;

/** One run's steps: the latest run's at the top level, earlier runs' in `earlier_runs`. */
const RunSteps = {
  run_id: z.string(),
  status: z.string().describe('Temporal execution status: RUNNING, COMPLETED, FAILED, …'),
  steps: z.array(WorkflowStep),
  /** History events folded away as noise (workflow tasks, patch markers, search attributes). */
  collapsed: z.number().int().nonnegative(),
};

/** How many runs before the latest one the timeline shows. */
export const EARLIER_RUNS_SHOWN = 4;

export const EarlierTaskRun = z.strictObject(RunSteps).meta({ id: 'EarlierTaskRun' });
export type EarlierTaskRun = z.infer<typeof EarlierTaskRun>;

export const TaskRunHistoryResponse = z
  .strictObject({
    workflow_id: z.string(),
    temporal_ui_url: z.url(),
    ...RunSteps,
    /**
     * The task's earlier runs, newest first (at most four), as Temporal's visibility lists them:
     * a run that just ended may join the list a moment later.
     */
    earlier_runs: z.array(EarlierTaskRun),
  })
  .meta({ id: 'TaskRunHistoryResponse' });
export type TaskRunHistoryResponse = z.infer<typeof TaskRunHistoryResponse>;
