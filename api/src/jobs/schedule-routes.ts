import { randomUUID } from 'node:crypto';
import { ServiceError, type Client } from '@temporalio/client';
import { JobsId, jsonColumn } from '@kyros/contracts/schemas/jobs';
import {
  CreateScheduleRequest,
  PatchScheduleRequest,
  ScheduleListResponse,
  ScheduleSchema,
} from '@kyros/contracts/schemas/jobs-schedules';
import { principalOf } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import { parseScheduleTiming } from './domain/schedule-spec.ts';
import { temporalOrUnavailable, type JobsDeps } from './jobs-deps.ts';
import { scheduleBody } from './job-representations.ts';
import { requestIdOf } from '../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../http/route.ts';
import { READ, WRITE } from './jobs-roles.ts';
import { existingUserId } from '../auth/existing-user-id.ts';
import {
  deleteTemporalSchedule,
  describeRuns,
  temporalScheduleId,
  temporalScheduleOptions,
} from './schedule-service.ts';

/** `POST/GET /schedule` and `GET/PATCH/DELETE /schedule/{id}`: Temporal Schedules of jobs. */
const TAGS = ['Schedules'];
const params = { id: pathId(JobsId, 'Schedule') };

export function scheduleRoutes(deps: JobsDeps): Route[] {
  const { prisma, audit } = deps;

  const find = async (id: string) => {
    const row = await prisma.schedule.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `Schedule ${id} does not exist`);
    return row;
  };

  return [
    defineRoute({
      method: 'post',
      path: '/schedule',
      role: 'operator',
      tags: TAGS,
      summary: 'Schedule a preset',
      description: `${WRITE} A Temporal Schedule (cron or one-shot ISO time, time zone, overlap policy) whose action starts a job. Invalid cron, ISO time or time zone → 400, nothing written.`,
      body: { schema: CreateScheduleRequest },
      responses: { 201: { description: 'Scheduled', ...jsonContent(ScheduleSchema) } },
      async handle({ body: request }, { req, res }) {
        const principal = principalOf(req);
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
          throw new AppError('invalid', `Preset ${request.preset_id} does not exist`, {
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
            ...(request.variant_count === undefined
              ? {}
              : { variant_count: request.variant_count }),
          }),
          temporalScheduleId: temporalScheduleId(id),
          createdById: await existingUserId(deps.prisma, principal.userId),
        };
        // Temporal first: what it refuses (a cron it cannot parse) leaves nothing behind.
        try {
          await client.schedule.create(temporalScheduleOptions(row, deps));
        } catch (error) {
          if (error instanceof ServiceError && isInvalidArgument(error)) {
            throw new AppError('invalid', `Temporal refused the schedule: ${error.message}`, {
              errors: [
                { path: timing.kind === 'cron' ? 'cron' : 'run_at', message: error.message },
              ],
            });
          }
          throw error;
        }
        let created;
        try {
          created = await prisma.schedule.create({ data: row });
        } catch (error) {
          await deleteTemporalSchedule(client, row.temporalScheduleId);
          throw error;
        }
        await audit.record({
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
          requestId: requestIdOf(req),
        });
        res
          .status(201)
          .location(`/schedule/${id}`)
          .json(scheduleBody(created, await describeRuns(client, created)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schedule',
      role: 'viewer',
      tags: TAGS,
      summary: "List schedules with Temporal's next run times",
      description: READ,
      responses: { 200: { description: 'Every schedule', ...jsonContent(ScheduleListResponse) } },
      async handle(_input, { res }) {
        const rows = await prisma.schedule.findMany({ orderBy: { createdAt: 'asc' } });
        const client = await temporalOrUnavailable(deps);
        const items = await Promise.all(
          rows.map(async (row) => scheduleBody(row, await describeRuns(client, row))),
        );
        res.json(ScheduleListResponse.parse({ items }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schedule/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read a schedule',
      description: READ,
      params,
      responses: { 200: { description: 'The schedule', ...jsonContent(ScheduleSchema) } },
      async handle({ params }, { res }) {
        const row = await find(params.id);
        const client = await temporalOrUnavailable(deps);
        res.json(scheduleBody(row, await describeRuns(client, row)));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/schedule/{id}',
      role: 'operator',
      tags: TAGS,
      summary: 'Pause or resume a schedule',
      description: WRITE,
      params,
      body: { schema: PatchScheduleRequest },
      responses: { 200: { description: 'Changed', ...jsonContent(ScheduleSchema) } },
      async handle({ params: { id }, body: request }, { req, res }) {
        const row = await find(id);
        const client = await temporalOrUnavailable(deps);
        await setPaused(client, row.temporalScheduleId, request.paused);
        const updated = await prisma.schedule.update({
          where: { id },
          data: { paused: request.paused },
        });
        await audit.record({
          principal: principalOf(req),
          action: request.paused ? 'schedule.paused' : 'schedule.resumed',
          targetType: 'schedule',
          targetId: id,
          requestId: requestIdOf(req),
        });
        res.json(scheduleBody(updated, await describeRuns(client, updated)));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/schedule/{id}',
      role: 'operator',
      tags: TAGS,
      summary: 'Delete a schedule',
      description: `${WRITE} Its Temporal Schedule goes too; past jobs stay.`,
      params,
      responses: { 204: { description: 'Deleted' } },
      async handle({ params: { id } }, { req, res }) {
        const row = await find(id);
        const client = await temporalOrUnavailable(deps);
        await deleteTemporalSchedule(client, row.temporalScheduleId);
        await prisma.schedule.delete({ where: { id } });
        await audit.record({
          principal: principalOf(req),
          action: 'schedule.deleted',
          targetType: 'schedule',
          targetId: id,
          payload: { name: row.name },
          requestId: requestIdOf(req),
        });
        res.status(204).end();
      },
    }),
  ];
}

async function setPaused(client: Client, scheduleId: string, paused: boolean): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  if (paused) await handle.pause('paused through the Kyros API');
  else await handle.unpause('resumed through the Kyros API');
}

function isInvalidArgument(error: ServiceError): boolean {
  const cause: unknown = error.cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? cause.code : undefined;
  // gRPC status 3: INVALID_ARGUMENT.
  return code === 3;
}
