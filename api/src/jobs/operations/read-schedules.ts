import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import { describeRuns } from '../schedule-service.ts';

/** The schedule row, or a 404 naming it. */
export async function findSchedule(prisma: Pick<PrismaClient, 'schedule'>, id: string) {
  const row = await prisma.schedule.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `Schedule ${id} does not exist`);
  return row;
}

/** One schedule with Temporal's view of its runs (next and recent). */
export async function readSchedule(deps: JobsDeps, id: string) {
  const schedule = await findSchedule(deps.prisma, id);
  const client = await temporalOrUnavailable(deps);
  return { schedule, runs: await describeRuns(client, schedule) };
}

/** Every schedule, oldest first, each with Temporal's view of its runs. */
export async function listSchedules(deps: JobsDeps) {
  const rows = await deps.prisma.schedule.findMany({ orderBy: { createdAt: 'asc' } });
  const client = await temporalOrUnavailable(deps);
  return Promise.all(
    rows.map(async (schedule) => ({ schedule, runs: await describeRuns(client, schedule) })),
  );
}
