import type { Principal } from '../../auth/principal.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import { describeRuns } from '../schedule-service.ts';
import { findSchedule } from './read-schedules.ts';

export interface SetSchedulePausedOptions {
  deps: JobsDeps;
  id: string;
  paused: boolean;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Pauses or resumes the Temporal Schedule (the one scheduler), then mirrors it in the row; the
 * row and its `schedule.paused|resumed` audit row commit together.
 */
export async function setSchedulePaused(options: SetSchedulePausedOptions) {
  const { deps, id, paused, principal, requestId } = options;
  const row = await findSchedule(deps.prisma, id);
  const client = await temporalOrUnavailable(deps);
  const handle = client.schedule.getHandle(row.temporalScheduleId);
  if (paused) await handle.pause('paused through the Kyros API');
  else await handle.unpause('resumed through the Kyros API');
  const { schedule, mirror } = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.schedule.update({ where: { id }, data: { paused } });
    const recorded = await deps.audit.recordWithin(tx, {
      principal,
      action: paused ? 'schedule.paused' : 'schedule.resumed',
      targetType: 'schedule',
      targetId: id,
      requestId,
    });
    return { schedule: updated, mirror: recorded.mirror };
  });
  await mirror();
  return { schedule, runs: await describeRuns(client, schedule) };
}
