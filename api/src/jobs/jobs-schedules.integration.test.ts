import { describe, expect } from 'vitest';
import { ScheduleNotFoundError } from '@temporalio/client';
import { ApiError, type JobsClient } from '@kyros/contracts/client';
import { scheduledJobWorkflow } from '@kyros/workflows/job-workflow';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { reconcileSchedules } from './schedule-service.ts';
import { seedDefaultPresets } from './seed-presets.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

describe('job schedules on Temporal Schedules', () => {
  let stack: Stack;
  let operator: JobsClient;
  let presetId: string;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
    await seedDefaultPresets(stack.prisma);
    operator = stack.as('operator');
    const preset = (await operator.listPresets()).items.find((p) => p.name === 'release-notes');
    presetId = preset?.id ?? '';
  });

  const temporalSchedule = (id: string) => stack.temporal.schedule.getHandle(id);

  test('a schedule with a short interval starts a job by itself; pause, resume and delete follow Temporal', async () => {
    const schedule = await operator.createSchedule({
      name: 'every two seconds',
      preset_id: presetId,
      cron: '@every 2s',
      input: { version: 'nightly' },
    });
    expect(schedule).toMatchObject({ kind: 'cron', cron: '@every 2s', paused: false });
    expect(schedule.next_run_times.length).toBeGreaterThan(0);
    expect(schedule.temporal_schedule_id).toBe(`kyros-job-schedule-${schedule.id}`);

    // The first run creates its job row and takes it through generation by itself.
    await eventually(
      async () =>
        (await operator.listJobs({ status: 'awaiting_review' })).items.some(
          (job) => job.schedule_id === schedule.id,
        ),
      true,
    );
    const job = (await operator.listJobs({ status: 'awaiting_review' })).items.find(
      (item) => item.schedule_id === schedule.id,
    );
    if (!job) throw new Error('no scheduled job');
    expect(job.input).toMatchObject({ version: 'nightly' });
    expect((await operator.getJob(job.id)).variants).toHaveLength(3);
    const description = await stack.temporal.workflow.getHandle(job.workflow_id).describe();
    expect(description.type).toBe('jobWorkflow');

    const paused = await operator.patchSchedule(schedule.id, { paused: true });
    expect(paused.paused).toBe(true);
    expect((await temporalSchedule(schedule.temporal_schedule_id).describe()).state.paused).toBe(
      true,
    );
    const resumed = await operator.patchSchedule(schedule.id, { paused: false });
    expect(resumed.paused).toBe(false);
    expect(resumed.next_run_times.length).toBeGreaterThan(0);
    expect((await operator.listSchedules()).items.map((item) => item.id)).toContain(schedule.id);

    await operator.deleteSchedule(schedule.id);
    const gone = await operator.getSchedule(schedule.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ApiError);
    expect((gone as ApiError).status).toBe(404);
    const describeGone = await temporalSchedule(schedule.temporal_schedule_id)
      .describe()
      .catch((error: unknown) => error);
    expect(describeGone).toBeInstanceOf(ScheduleNotFoundError);
    // The jobs it started stay, and the run that started one finishes with it.
    expect((await operator.getJob(job.id)).job.schedule_id).toBeNull();
    const variant = (await operator.getJob(job.id)).variants[0];
    await operator.acceptVariant(job.id, variant?.id ?? '');
    const parent = description.parentExecution;
    if (!parent) throw new Error('the scheduled job has no parent run');
    const run = stack.temporal.workflow.getHandle(parent.workflowId ?? '', parent.runId ?? '');
    expect(await run.result()).toMatchObject({ outcome: 'done', acceptedVariantId: variant?.id });
    expect((await operator.getJob(job.id)).job.status).toBe('done');
    const history = await taskHistory(run);
    await replayOwnHistory(history, run.workflowId);
    await recordHistoryFixture('job-workflow-scheduled-run', history, stack.temporalAddress);

    const actions = (
      await stack.prisma.auditEvent.findMany({ where: { targetId: schedule.id } })
    ).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'schedule.created',
        'schedule.paused',
        'schedule.resumed',
        'schedule.deleted',
      ]),
    );
  });

  test('a one-shot ISO time in a time zone shows that instant as its only next run', async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    runAt.setUTCMilliseconds(0);
    const schedule = await operator.createSchedule({
      name: 'once',
      preset_id: presetId,
      run_at: runAt.toISOString(),
      time_zone: 'Europe/Paris',
      overlap_policy: 'buffer_one',
    });
    expect(schedule).toMatchObject({
      kind: 'once',
      run_at: runAt.toISOString(),
      time_zone: 'Europe/Paris',
      overlap_policy: 'buffer_one',
      next_run_times: [runAt.toISOString()],
    });
    await operator.deleteSchedule(schedule.id);
  });

  test('reconciles at start-up: recreates a missing Temporal schedule and deletes orphans', async () => {
    const schedule = await operator.createSchedule({
      name: 'daily',
      preset_id: presetId,
      cron: '0 9 * * MON-FRI',
      time_zone: 'America/New_York',
      paused: true,
    });
    await temporalSchedule(schedule.temporal_schedule_id).delete();
    const orphan = 'kyros-job-schedule-00000000-0000-4000-8000-000000000000';
    await stack.temporal.schedule.create({
      scheduleId: orphan,
      spec: { cronExpressions: ['0 0 1 1 *'] },
      action: {
        type: 'startWorkflow',
        workflowType: scheduledJobWorkflow,
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: 'orphan',
        args: [{ scheduleId: '00000000-0000-4000-8000-000000000000' }],
      },
      state: { paused: true },
    });

    // Temporal's schedule list is eventually consistent: reconcile until it has seen the orphan.
    const recreated: string[] = [];
    const deleted: string[] = [];
    await eventually(async () => {
      const report = await reconcileSchedules(stack.temporal, stack.deps);
      recreated.push(...report.recreated);
      deleted.push(...report.deleted);
      return deleted.includes(orphan);
    }, true);
    expect(recreated).toEqual([schedule.id]);
    const description = await temporalSchedule(schedule.temporal_schedule_id).describe();
    expect(description.state.paused).toBe(true);
    expect(description.spec.timezone).toBe('America/New_York');
    expect(
      await temporalSchedule(orphan)
        .describe()
        .catch((error: unknown) => error),
    ).toBeInstanceOf(ScheduleNotFoundError);
    await operator.deleteSchedule(schedule.id);
  });
});
