import { describe, expect, it } from 'vitest';
import { applyJobEvent, isJobMoving, jobSteps, variantActions, workflowUrl } from './job-view.ts';

const states = (steps: ReturnType<typeof jobSteps>) => steps.map((step) => step.state).join(' ');

describe('job view', () => {
  it('marks the steps before the current one done', () => {
    expect(states(jobSteps('generating', []))).toBe('done current pending pending pending');
    expect(states(jobSteps('done', []))).toBe('done done done done done');
  });

  it('shows where a failed or expired job stopped', () => {
    expect(states(jobSteps('failed', []))).toBe('done failed pending pending pending');
    expect(states(jobSteps('expired', [{ status: 'draft' }]))).toBe(
      'done done failed pending pending',
    );
    expect(states(jobSteps('failed', [{ status: 'accepted' }]))).toBe(
      'done done done failed pending',
    );
  });

  it('allows edit and accept only in review, and one accept per job', () => {
    const draft = { status: 'draft' as const };
    const drafts = [draft, { status: 'draft' as const }];
    expect(variantActions({ status: 'awaiting_review' }, drafts, draft)).toEqual({
      canEdit: true,
      canAccept: true,
      canDownload: false,
    });
    expect(variantActions({ status: 'generating' }, drafts, draft).canEdit).toBe(false);
    const chosen = { status: 'accepted' as const };
    const rejected = { status: 'rejected' as const };
    const accepted = [chosen, rejected];
    expect(variantActions({ status: 'exporting' }, accepted, chosen)).toEqual({
      canEdit: false,
      canAccept: false,
      canDownload: true,
    });
    expect(variantActions({ status: 'exporting' }, accepted, rejected).canDownload).toBe(false);
  });

  it('says which jobs the workflow moves by itself (the list shows it follows them)', () => {
    expect(isJobMoving('generating')).toBe(true);
    expect(isJobMoving('awaiting_review')).toBe(false);
    expect(isJobMoving('done')).toBe(false);
  });

  it("moves a job forward on a live job_<status> event about it, carrying a failure's error", () => {
    const job = { id: 'j1', status: 'queued' as const, error: null };
    const event = (name: string, details: Record<string, unknown>, target = 'job:j1') => ({
      event: name,
      target,
      details,
    });

    expect(applyJobEvent(job, event('job_generating', { status: 'generating' }))).toEqual({
      ...job,
      status: 'generating',
    });
    expect(
      applyJobEvent(job, event('job_failed', { status: 'failed', error: 'no database' })),
    ).toEqual({ id: 'j1', status: 'failed', error: 'no database' });
  });

  it('ignores other jobs, other events, unknown statuses and moves backwards', () => {
    const job = { id: 'j1', status: 'awaiting_review' as const, error: null };
    const event = (name: string, status: unknown, target = 'job:j1') => ({
      event: name,
      target,
      details: { status },
    });

    expect(applyJobEvent(job, event('job_done', 'done', 'job:j2'))).toBe(job);
    expect(applyJobEvent(job, event('variant_accepted', 'done'))).toBe(job);
    expect(applyJobEvent(job, event('job_created', undefined))).toBe(job);
    expect(applyJobEvent(job, event('job_sideways', 'sideways'))).toBe(job);
    expect(applyJobEvent(job, event('job_generating', 'generating'))).toBe(job);
    expect(applyJobEvent(job, event('job_awaiting_review', 'awaiting_review'))).toBe(job);
  });

  it('links to the workflow in the Temporal UI', () => {
    expect(workflowUrl('http://ui:8233/', 'default', 'job-1')).toBe(
      'http://ui:8233/namespaces/default/workflows/job-1',
    );
  });
});
