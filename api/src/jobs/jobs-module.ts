import type { Logger } from 'pino';
import { routeModule, type ApiModule } from '../api-module.ts';
import { jobRoutes } from './job-routes.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { presetRoutes } from './preset-routes.ts';
import { reconcileSchedules, type ReconcileReport } from './schedule-service.ts';
import { scheduleRoutes } from './schedule-routes.ts';
import { seedDefaultPresets } from './seed-presets.ts';

export type { JobsDeps } from './jobs-deps.ts';

/** Presets, jobs, variants, export and schedules: one API module (see docs/JOBS.md). */
export function jobsModule(deps: JobsDeps): ApiModule {
  return routeModule('jobs', [...presetRoutes(deps), ...jobRoutes(deps), ...scheduleRoutes(deps)]);
}

/**
 * Start-up chores: seed the default presets into an empty table, then make Temporal's job
 * schedules match the `schedules` table. One attempt each (Temporal is the only retry engine):
 * when Temporal is not up yet, the warning says so and the next start-up reconciles.
 */
export async function startJobs(
  deps: JobsDeps,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<ReconcileReport | undefined> {
  const seeded = await seedDefaultPresets(deps.prisma);
  if (seeded > 0) logger.info({ seeded }, 'default presets created');
  try {
    const report = await reconcileSchedules(await deps.temporalClient(), deps);
    logger.info(report, 'job schedules reconciled with Temporal');
    return report;
  } catch (error) {
    logger.warn({ err: error }, 'job schedules not reconciled (Temporal unreachable?)');
    return undefined;
  }
}
