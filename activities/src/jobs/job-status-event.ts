import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { JobStatus } from '@kyros/contracts/schemas/jobs';

export interface JobStatusChange {
  jobId: string;
  from: JobStatus;
  to: JobStatus;
  error?: string | undefined;
}

/** `job:<id>`, the target the API's audit mirror gives `job_created` too. */
export const jobEventTarget = (jobId: string): string => `job:${jobId}`;

/** The event name of a status: `job_generating`, `job_awaiting_review`, …, `job_failed`. */
export const jobStatusEventName = (status: JobStatus): string => `job_${status}`;

/**
 * The event a job's status change puts on the collaboration stream, so followers (the console's
 * job pages) learn of it live instead of polling. Actor is the job's workflow, which moved it.
 */
export function jobStatusEvent({ jobId, from, to, error }: JobStatusChange): NewEvent {
  return {
    event: jobStatusEventName(to),
    actor: `workflow:job-${jobId}`,
    target: jobEventTarget(jobId),
    details: {
      job_id: jobId,
      from,
      status: to,
      ...(error === undefined ? {} : { error: error.slice(0, 2000) }),
    },
  };
}
