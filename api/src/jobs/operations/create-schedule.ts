import { randomUUID } from 'node:crypto';
import { ServiceError } from '@temporalio/client';
import { jsonColumn } from '@kyros/contracts/schemas/jobs';
import type { z } from 'zod';
import type { CreateScheduleRequest } from '@kyros/contracts/schemas/jobs-schedules';
import { existingUserId } from '../../auth/existing-user-id.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseScheduleTiming } from '../domain/schedule-spec.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import {
  deleteTemporalSchedule,
  describeRuns,
  temporalScheduleId,
  temporalScheduleOptions,
} from '../schedule-service.ts';

export interface CreateScheduleOptions {
  deps: JobsDeps;
  request: z.output<typeof CreateScheduleRequest>;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * A Temporal Schedule of a preset, then its row and `schedule.created` audit row in one
 * transaction. Temporal goes first, so what it refuses (a cron it cannot parse) leaves nothing
 * behind; a row that cannot be written takes the Temporal Schedule back.
 */
export async function createSchedule(options: CreateScheduleOptions) {
  const { deps, request, principal, requestId } = options;
  const { prisma, audit } = deps;
  const parsed = parseScheduleTiming(request, deps.now?.() ?? new Date());
  if ('errors' in parsed) {
    throw new AppError(
      'invalid',
      `Invalid schedule: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      { errors: parsed.errors },
    );
  }
  const { timing } = parsed;
  const preset = await prisma.preset.findUnique({ where: { id: request.preset_id } });
  if (!preset) {
    throw new AppError('not_found', `Preset ${request.preset_id} does not exist`, {
      errors: [{ path: 'preset_id', message: 'no such preset' }],
    });
  }
  const client = await temporalOrUnavailable(deps);
  const id = randomUUID();
  const row = {
    id,
    name: request.name,
    presetId: preset.id,
    kind: timing.kind,
    cronExpression: timing.kind === 'cron' ? timing.cron : null,
    runAt: timing.kind === 'once' ? timing.runAt : null,
    timeZone: timing.timeZone,
    overlapPolicy: request.overlap_policy,
    paused: request.paused,
    input: jsonColumn({
      values: request.input,
      ...(request.variant_count === undefined ? {} : { variant_count: request.variant_count }),
    }),
    temporalScheduleId: temporalScheduleId(id),
    createdById: await existingUserId(prisma, principal.userId),
  };
  try {
    await client.schedule.create(temporalScheduleOptions(row, deps));
  } catch (error) {
    if (error instanceof ServiceError && isInvalidArgument(error)) {
      throw new AppError('invalid', `Temporal refused the schedule: ${error.message}`, {
        errors: [{ path: timing.kind === 'cron' ? 'cron' : 'run_at', message: error.message }],
      });
    }
    throw error;
  }
  let committed;
  try {
    committed = await prisma.$transaction(async (tx) => {
      const created = await tx.schedule.create({ data: row });
      const recorded = await audit.recordWithin(tx, {
        principal,
        action: 'schedule.created',
        targetType: 'schedule',
        targetId: id,
        payload: {
          name: row.name,
          preset: preset.name,
          kind: row.kind,
          cron: row.cronExpression,
          run_at: row.runAt?.toISOString() ?? null,
          time_zone: row.timeZone,
        },
        requestId,
      });
      return { created, mirror: recorded.mirror };
    });
  } catch (error) {
    await deleteTemporalSchedule(client, row.temporalScheduleId);
    throw error;
  }
  await committed.mirror();
  return { schedule: committed.created, runs: await describeRuns(client, committed.created) };
}

function isInvalidArgument(error: ServiceError): boolean {
  const cause: unknown = error.cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? cause.code : undefined;
  // gRPC status 3: INVALID_ARGUMENT.
  return code === 3;
}
