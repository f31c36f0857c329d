import { JOB_STATUSES } from '@kyros/contracts/schemas/jobs';
import { NewEventSchema } from '@kyros/contracts/schemas/collab-events';
import { describe, expect, it } from 'vitest';
import { jobStatusEvent } from './job-status-event.ts';

const JOB = '7d1f6c2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';

describe('jobStatusEvent', () => {
  it('names the event after the new status and targets the job as job_created does', () => {
    expect(jobStatusEvent({ jobId: JOB, from: 'generating', to: 'awaiting_review' })).toEqual({
      event: 'job_awaiting_review',
      actor: `workflow:job-${JOB}`,
      target: `job:${JOB}`,
      details: { job_id: JOB, from: 'generating', status: 'awaiting_review' },
    });
  });

  it('carries the error of a failed job, cut to 2,000 characters', () => {
    const event = jobStatusEvent({
      jobId: JOB,
      from: 'exporting',
      to: 'failed',
      error: 'x'.repeat(5000),
    });
    expect(event.event).toBe('job_failed');
    expect(event.details?.error).toHaveLength(2000);
  });

  it('is a valid event for every status of the job model', () => {
    for (const to of JOB_STATUSES) {
      const event = jobStatusEvent({ jobId: JOB, from: 'queued', to });
      expect(NewEventSchema.safeParse(event).success).toBe(true);
      expect(event.event).toBe(`job_${to}`);
    }
  });
});
