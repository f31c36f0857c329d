import { describe, expect } from 'vitest';
import { createJobActivities } from '@kyros/activities/jobs/job-activities';
import { createKyrosClient, type JobsClient } from '@kyros/contracts/client';
import { pino } from 'pino';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { startJobs } from './jobs-module.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none', stackOptions: { reviewTimeoutSeconds: 60 } });

/** The job's own events in log order: `job_created` (the API), then each `job_<status>` (worker). */
async function jobEvents(stack: Stack, jobId: string) {
  const page = await stack.collaboration.eventLog.readAfter(0, { task: [`job:${jobId}`] }, 1000);
  return page.events.filter((event) => event.event.startsWith('job_'));
}

describe('job status changes on the event stream', () => {
  let stack: Stack;
  let operator: JobsClient;
  let presetId: string;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
    operator = stack.as('operator');
    // What API start-up does: seeds the default presets.
    await startJobs(stack.deps, pino({ level: 'silent' }));
    const presets = await operator.listPresets();
    presetId = presets.items.find((preset) => preset.name === 'release-notes')?.id ?? '';
  });

  test('announces every status of real job runs once each, in order, with several jobs at once', async () => {
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        operator.createJob({ preset_id: presetId, input: { version: `9.${i}` } }),
      ),
    );
    await Promise.all(
      jobs.map(async ({ id }) => {
        await eventually(async () => (await operator.getJob(id)).job.status, 'awaiting_review');
        const { variants } = await operator.getJob(id);
        await operator.acceptVariant(id, variants[1]?.id ?? '');
        await eventually(async () => (await operator.getJob(id)).job.status, 'done');
        // The worker announces a status once its row has moved, so the last event may follow
        // the status it announces by a moment.
        await eventually(async () => (await jobEvents(stack, id)).at(-1)?.event, 'job_done');
      }),
    );

    for (const { id } of jobs) {
      const events = await jobEvents(stack, id);
      expect(events.map((event) => event.event)).toEqual([
        'job_created',
        'job_generating',
        'job_awaiting_review',
        'job_exporting',
        'job_done',
      ]);
      expect(events.slice(1).map((event) => [event.actor, event.details])).toEqual([
        [`workflow:job-${id}`, { job_id: id, from: 'queued', status: 'generating' }],
        [`workflow:job-${id}`, { job_id: id, from: 'generating', status: 'awaiting_review' }],
        [`workflow:job-${id}`, { job_id: id, from: 'awaiting_review', status: 'exporting' }],
        [`workflow:job-${id}`, { job_id: id, from: 'exporting', status: 'done' }],
      ]);
    }
  });

  test('a retried status change announces nothing twice, and announces what a lost attempt did not', async () => {
    const { id } = await operator.createJob({ preset_id: presetId });
    await eventually(async () => (await operator.getJob(id)).job.status, 'awaiting_review');
    // The workflow is stopped so this test alone moves the job, with the worker's own activities.
    await stack.temporal.workflow.getHandle(`job-${id}`).terminate('moved by the test');
    const activityDeps = {
      prisma: stack.prisma,
      artifactsDir: stack.config.artifactsDir,
    };
    const announcing = createJobActivities({
      ...activityDeps,
      events: createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.serviceKey })
        .collab,
    });
    // An attempt that moved the row but died before announcing it.
    const silent = createJobActivities(activityDeps);

    await announcing.setJobStatus({ jobId: id, to: 'awaiting_review' });
    await silent.setJobStatus({ jobId: id, to: 'failed', error: 'lost worker' });
    await announcing.setJobStatus({ jobId: id, to: 'failed', error: 'lost worker' });
    await announcing.setJobStatus({ jobId: id, to: 'failed', error: 'lost worker' });

    const events = await jobEvents(stack, id);
    expect(events.map((event) => event.event)).toEqual([
      'job_created',
      'job_generating',
      'job_awaiting_review',
      'job_failed',
    ]);
    expect(events.at(-1)?.details).toMatchObject({ status: 'failed', error: 'lost worker' });
  });
});
