import type { Principal } from '../../auth/principal.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import { deleteTemporalSchedule } from '../schedule-service.ts';
import { findSchedule } from './read-schedules.ts';

export interface DeleteScheduleOptions {
  deps: JobsDeps;
  id: string;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Deletes the Temporal Schedule, then the row with its `schedule.deleted` audit row in one
 * transaction. Jobs it started stay.
 */
export async function deleteSchedule({ deps, id, principal, requestId }: DeleteScheduleOptions) {
  const row = await findSchedule(deps.prisma, id);
  const client = await temporalOrUnavailable(deps);
  await deleteTemporalSchedule(client, row.temporalScheduleId);
  const { mirror } = await deps.prisma.$transaction(async (tx) => {
    await tx.schedule.delete({ where: { id } });
    return deps.audit.recordWithin(tx, {
      principal,
      action: 'schedule.deleted',
      targetType: 'schedule',
      targetId: id,
      payload: { name: row.name },
      requestId,
    });
  });
  await mirror();
}
