import { JobsId } from '@kyros/contracts/schemas/jobs';
import {
  CreateScheduleRequest,
  PatchScheduleRequest,
  ScheduleListResponse,
  ScheduleSchema,
} from '@kyros/contracts/schemas/jobs-schedules';
import { principalOf } from '../auth/principal.ts';
import { requestIdOf } from '../http/request-input.ts';
import { defineRoute, jsonContent, linksToId, pathId, type Route } from '../http/route.ts';
import { scheduleBody } from './job-representations.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { READ, WRITE } from './jobs-roles.ts';
import { createSchedule } from './operations/create-schedule.ts';
import { deleteSchedule } from './operations/delete-schedule.ts';
import { listSchedules, readSchedule } from './operations/read-schedules.ts';
import { setSchedulePaused } from './operations/set-schedule-paused.ts';

const TAGS = ['Schedules'];
const params = { id: pathId(JobsId, 'Schedule') };

/** `POST/GET /schedule` and `GET/PATCH/DELETE /schedule/{id}`: Temporal Schedules of jobs. */
export function scheduleRoutes(deps: JobsDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/schedule',
      role: 'operator',
      tags: TAGS,
      summary: 'Schedule a preset',
      description: `${WRITE} A Temporal Schedule (cron or one-shot ISO time, time zone, overlap policy) whose action starts a job. Invalid cron, ISO time or time zone → 400, nothing written.`,
      body: { schema: CreateScheduleRequest },
      responses: {
        201: {
          description: 'Scheduled',
          ...jsonContent(ScheduleSchema),
          ...linksToId('/schedule/{id}', ['get', 'patch', 'delete']),
        },
      },
      async handle({ body }, { req, res }) {
        const { schedule, runs } = await createSchedule({
          deps,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(201).location(`/schedule/${schedule.id}`).json(scheduleBody(schedule, runs));
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
        const items = (await listSchedules(deps)).map((s) => scheduleBody(s.schedule, s.runs));
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
        const { schedule, runs } = await readSchedule(deps, params.id);
        res.json(scheduleBody(schedule, runs));
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
      async handle({ params, body }, { req, res }) {
        const { schedule, runs } = await setSchedulePaused({
          deps,
          id: params.id,
          paused: body.paused,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.json(scheduleBody(schedule, runs));
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
      async handle({ params }, { req, res }) {
        await deleteSchedule({
          deps,
          id: params.id,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(204).end();
      },
    }),
  ];
}
