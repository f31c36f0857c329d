import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import {
  isFinalJobStatus,
  JobStatus as JobStatusSchema,
  type Job,
  type JobStatus,
  type Variant,
} from '@kyros/contracts/schemas/jobs';
import type { BadgeTone } from '../components/ui/badge.tsx';

/** The happy path a job walks; failed and expired end it early at the step where it stopped. */
export const JOB_STEPS = ['queued', 'generating', 'awaiting_review', 'exporting', 'done'] as const;
export type JobStep = (typeof JOB_STEPS)[number];
export type StepState = 'done' | 'current' | 'pending' | 'failed';

export const STEP_LABELS: Record<JobStep, string> = {
  queued: 'Queued',
  generating: 'Generating',
  awaiting_review: 'Review',
  exporting: 'Exporting',
  done: 'Done',
};

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  generating: 'Generating',
  awaiting_review: 'Awaiting review',
  exporting: 'Exporting',
  done: 'Done',
  failed: 'Failed',
  expired: 'Expired',
};

export const STATUS_TONES: Record<JobStatus, BadgeTone> = {
  queued: 'neutral',
  generating: 'info',
  awaiting_review: 'warn',
  exporting: 'accent',
  done: 'good',
  failed: 'bad',
  expired: 'bad',
};

/**
 * Each step's state for the timeline. A failed or expired job does not say at which step it
 * stopped, so the step is inferred: no variants yet → generating; variants but none accepted →
 * review; accepted → exporting.
 */
export function jobSteps(
  status: JobStatus,
  variants: Pick<Variant, 'status'>[],
): { step: JobStep; state: StepState }[] {
  let current: number;
  let broken = false;
  if (status === 'failed' || status === 'expired') {
    broken = true;
    const accepted = variants.some((v) => v.status === 'accepted' || v.status === 'exported');
    current = accepted ? 3 : variants.length > 0 ? 2 : 1;
  } else {
    current = JOB_STEPS.indexOf(status);
  }
  return JOB_STEPS.map((step, index) => {
    let state: StepState = 'pending';
    if (index < current) state = 'done';
    else if (index === current) state = broken ? 'failed' : status === 'done' ? 'done' : 'current';
    return { step, state };
  });
}

/**
 * True while the workflow moves the job by itself within seconds (queued → generating → review,
 * exporting → done); the page follows it on the live stream. A job awaiting review waits for a
 * person.
 */
export function isJobMoving(status: JobStatus): boolean {
  return !isFinalJobStatus(status) && status !== 'awaiting_review';
}

export interface VariantActions {
  /** Drafts may be edited while the job awaits review. */
  canEdit: boolean;
  /** Accept while the job awaits review and nothing is accepted yet. */
  canAccept: boolean;
  /** The accepted variant's file, once the workflow is exporting or done. */
  canDownload: boolean;
}

export function variantActions(
  job: Pick<Job, 'status'>,
  variants: Pick<Variant, 'status'>[],
  variant: Pick<Variant, 'status'>,
): VariantActions {
  const reviewing = job.status === 'awaiting_review';
  const anyAccepted = variants.some((v) => v.status === 'accepted' || v.status === 'exported');
  const chosen = variant.status === 'accepted' || variant.status === 'exported';
  return {
    canEdit: reviewing && variant.status === 'draft',
    canAccept: reviewing && !anyAccepted && variant.status === 'draft',
    canDownload: chosen && (job.status === 'exporting' || job.status === 'done'),
  };
}

// How far along a status is: a live event may only move a job forward (never back to a step
// the loaded row is already past, as an event replayed after a newer load would).
const PROGRESS: Record<JobStatus, number> = {
  queued: 0,
  generating: 1,
  awaiting_review: 2,
  exporting: 3,
  done: 4,
  failed: 4,
  expired: 4,
};

/**
 * The job as a `job_<status>` event about it leaves it (the worker's status announcements,
 * details `{status, error?}`); any other event, or one that would move it back, changes nothing.
 */
export function applyJobEvent<J extends Pick<Job, 'id' | 'status' | 'error'>>(
  job: J,
  event: Pick<CollabEvent, 'event' | 'target' | 'details'>,
): J {
  if (event.target !== `job:${job.id}` || !event.event.startsWith('job_')) return job;
  const status = JobStatusSchema.safeParse(event.details.status);
  if (!status.success || PROGRESS[status.data] <= PROGRESS[job.status]) return job;
  const error = typeof event.details.error === 'string' ? event.details.error : job.error;
  return { ...job, status: status.data, error };
}

/** The Temporal UI page of workflow `job-<id>`. */
export function workflowUrl(temporalUiUrl: string, namespace: string, workflowId: string): string {
  const base = temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(
    workflowId,
  )}`;
}

/** A short, human name for a job in lists: the preset's name and the first 8 characters. */
export function jobLabel(job: Pick<Job, 'id'>, presetName: string | null | undefined): string {
  return `${presetName ?? 'job'} · ${job.id.slice(0, 8)}`;
}

/** Job and variant events on the live stream (`job_created`, the worker's `job_<status>`, `variant_*`). */
export function isJobEvent(name: string): boolean {
  return name.startsWith('job_') || name.startsWith('variant_');
}
