import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { JOB_SCHEDULE_PREFIX, type OverlapPolicy } from '@kyros/contracts/schemas/jobs-schedules';
import { type ScheduledJobWorkflowInput } from '@kyros/workflows/job-workflow-api';
import { scheduledJobWorkflow } from '@kyros/workflows/job-workflow';
import type { ScheduleRow, ScheduleRuns } from './job-representations.ts';
import type { JobsDeps } from './jobs-deps.ts';

export function temporalScheduleId(scheduleId: string): string {
  return `${JOB_SCHEDULE_PREFIX}${scheduleId}`;
}

const OVERLAP: Record<OverlapPolicy, ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  buffer_all: ScheduleOverlapPolicy.BUFFER_ALL,
  cancel_other: ScheduleOverlapPolicy.CANCEL_OTHER,
  terminate_other: ScheduleOverlapPolicy.TERMINATE_OTHER,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** The Temporal Schedule a `schedules` row stands for: its action starts the scheduled job. */
export function temporalScheduleOptions(
  row: Pick<
    ScheduleRow,
    'id' | 'kind' | 'cronExpression' | 'runAt' | 'timeZone' | 'overlapPolicy' | 'paused'
  >,
  deps: Pick<JobsDeps, 'taskQueue' | 'reviewTimeoutSeconds'>,
): ScheduleOptions {
  const runAt = row.runAt;
  const spec: ScheduleOptions['spec'] =
    row.kind === 'once' && runAt
      ? {
          // An absolute instant: UTC calendar fields, one action only.
          calendars: [
            {
              year: runAt.getUTCFullYear(),
              month: MONTHS[runAt.getUTCMonth()] ?? 'JANUARY',
              dayOfMonth: runAt.getUTCDate(),
              hour: runAt.getUTCHours(),
              minute: runAt.getUTCMinutes(),
              second: runAt.getUTCSeconds(),
            },
          ],
          timezone: 'UTC',
        }
      : { cronExpressions: [row.cronExpression ?? ''], timezone: row.timeZone };
  const input: ScheduledJobWorkflowInput = {
    scheduleId: row.id,
    ...(deps.reviewTimeoutSeconds === undefined
      ? {}
      : { reviewTimeoutSeconds: deps.reviewTimeoutSeconds }),
  };
  return {
    scheduleId: temporalScheduleId(row.id),
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: scheduledJobWorkflow,
      // Temporal appends the run's timestamp, so every run has its own id.
      workflowId: `job-schedule-${row.id}`,
      taskQueue: deps.taskQueue,
      args: [input],
    },
    policies: { overlap: OVERLAP[row.overlapPolicy] },
    state: {
      paused: row.paused,
      ...(row.kind === 'once' ? { remainingActions: 1 } : {}),
    },
  };
}

/** Temporal's next (and recent) action times of a schedule; empty when it does not exist. */
export async function describeRuns(client: Client, row: ScheduleRow): Promise<ScheduleRuns> {
  try {
    const description = await client.schedule.getHandle(row.temporalScheduleId).describe();
    return {
      next: description.info.nextActionTimes.slice(0, 5),
      recent: description.info.recentActions.map((action) => action.takenAt).slice(-5),
    };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return { next: [], recent: [] };
    throw error;
  }
}

export async function deleteTemporalSchedule(client: Client, id: string): Promise<void> {
  try {
    await client.schedule.getHandle(id).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

export interface ReconcileReport {
  recreated: string[];
  deleted: string[];
}

/**
 * Makes Temporal match the `schedules` table: a row whose Temporal Schedule is missing gets it
 * recreated (a one-shot whose time has passed is left alone), and a `kyros-job-schedule-*`
 * Temporal Schedule without a row is deleted. Run at API start-up.
 */
export async function reconcileSchedules(
  client: Client,
  deps: Pick<JobsDeps, 'prisma' | 'taskQueue' | 'reviewTimeoutSeconds' | 'now'>,
): Promise<ReconcileReport> {
  const rows = await deps.prisma.schedule.findMany();
  const now = deps.now?.() ?? new Date();
  const report: ReconcileReport = { recreated: [], deleted: [] };
  const wanted = new Set(rows.map((row) => row.temporalScheduleId));
  for (const row of rows) {
    const exists = await client.schedule
      .getHandle(row.temporalScheduleId)
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof ScheduleNotFoundError) return false;
          throw error;
        },
      );
    if (exists) continue;
    if (row.kind === 'once' && (!row.runAt || row.runAt.getTime() <= now.getTime())) continue;
    await client.schedule.create(temporalScheduleOptions(row, deps));
    report.recreated.push(row.id);
  }
  for await (const summary of client.schedule.list()) {
    if (!summary.scheduleId.startsWith(JOB_SCHEDULE_PREFIX)) continue;
    if (wanted.has(summary.scheduleId)) continue;
    await deleteTemporalSchedule(client, summary.scheduleId);
    report.deleted.push(summary.scheduleId);
  }
  return report;
}
