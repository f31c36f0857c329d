import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * What clients share with the job workflow: id scheme, input, the `accept` update and the
 * `progress` query. Clients start it by function reference (`client.workflow.start(jobWorkflow,
 * …)`), so its arguments are type-checked. Safe to import outside workflow code.
 */

/** One workflow per job: `job-<job id>`. */
export function jobWorkflowId(jobId: string): string {
  return `job-${jobId}`;
}

export interface JobWorkflowInput {
  jobId: string;
  /** How long to wait for an `accept` before the job expires (default 7 days). */
  reviewTimeoutSeconds?: number;
}

/** What a schedule's action starts: it creates the job row, then runs `job-<id>` as a child. */
export interface ScheduledJobWorkflowInput {
  scheduleId: string;
  reviewTimeoutSeconds?: number;
}

export type JobWorkflowPhase =
  'queued' | 'generating' | 'awaiting_review' | 'exporting' | 'done' | 'failed' | 'expired';

export interface JobWorkflowProgress {
  jobId: string;
  phase: JobWorkflowPhase;
  variantIds: string[];
  acceptedVariantId?: string;
  error?: string;
}

export interface JobWorkflowOutcome {
  outcome: 'done' | 'expired';
  acceptedVariantId?: string;
  exportPath?: string;
}

export interface AcceptUpdateInput {
  variantId: string;
  /** Who accepts, for the variant row and the audit trail. */
  actor: string;
  actorUserId?: string;
}

export interface AcceptUpdateResult {
  jobId: string;
  variantId: string;
  phase: JobWorkflowPhase;
}

export const jobProgressQuery = defineQuery<JobWorkflowProgress>('jobProgress');

/**
 * Accept one variant. The validator refuses (and nothing is recorded in history) unless the job
 * is awaiting review, no variant has been accepted yet and the variant is one of this job's;
 * its refusals are the failure types `JobNotAwaitingReview` and `VariantNotOfJob`.
 */
export const acceptUpdate = defineUpdate<AcceptUpdateResult, [AcceptUpdateInput]>('accept');
