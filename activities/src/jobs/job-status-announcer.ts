import { Context } from '@temporalio/activity';
import { ApiError, type CollabClient } from '@kyros/contracts/client';
import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { JobStatus } from '@kyros/contracts/schemas/jobs';
import type { PrismaClient } from '@kyros/db/client';
import { jobEventTarget, jobStatusEvent, jobStatusEventName } from './job-status-event.ts';

export type JobEventsClient = Pick<CollabClient, 'appendEvent' | 'latestEvents'>;

/**
 * Puts job status changes on the collaboration stream through the API (the only writer of the
 * log). Without a client (a worker built for tests of other things) it does nothing.
 */
export function jobStatusAnnouncer(events: JobEventsClient | undefined, db: () => PrismaClient) {
  /**
   * The row is the record of truth and the event its mirror: an API that refuses the event (a
   * 4xx will not change on retry) is logged, never fails the job; an unreachable one is retried.
   */
  async function announce(event: NewEvent): Promise<void> {
    try {
      await events?.appendEvent(event);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      Context.current().log.warn('job status event refused by the API', {
        event: event.event,
        target: event.target,
        status: error.status,
        error: error.message,
      });
    }
  }

  return {
    announce,

    /** Appends `job_<status>` unless the log already has it: retries never announce twice. */
    async announceUnlessAnnounced(jobId: string, status: JobStatus): Promise<void> {
      if (!events) return;
      const latest = await events.latestEvents({
        task: [jobEventTarget(jobId)],
        type: [jobStatusEventName(status)],
        limit: 1,
      });
      if (latest.events.length > 0) return;
      const job = await db().job.findUnique({ where: { id: jobId }, select: { error: true } });
      // `from` is no longer known here; the status it reached is what followers act on.
      await announce(
        jobStatusEvent({ jobId, from: status, to: status, error: job?.error ?? undefined }),
      );
    },
  };
}
