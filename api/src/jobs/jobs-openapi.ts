import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  AcceptVariantRequest,
  AcceptVariantResponse,
  CreateJobRequest,
  CreateJobResponse,
  CreatePresetRequest,
  ExportResponse,
  JobDetailResponse,
  JobListQuery,
  JobListResponse,
  JobsId,
  PresetListResponse,
  PresetSchema,
  UpdatePresetRequest,
  UpdateVariantRequest,
  VariantSchema,
} from '@kyros/contracts/schemas/jobs';
import {
  CreateScheduleRequest,
  PatchScheduleRequest,
  ScheduleListResponse,
  ScheduleSchema,
} from '@kyros/contracts/schemas/jobs-schedules';
import { problemResponse } from '../openapi/problem-response.ts';
import { SECURITY } from './jobs-http.ts';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { required: true, ...json(schema) } });
const idParams = z.object({ id: JobsId });
const READ = 'Needs the viewer role or stronger.';
const WRITE = 'Needs the operator role or stronger; audited.';

/** The OpenAPI description of presets, jobs, variants, export and schedules. */
export function registerJobsOpenApi(registry: OpenAPIRegistry): void {
  const path = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    route: string,
    tag: string,
    summary: string,
    description: string,
    request: Record<string, unknown>,
    responses: Record<number, unknown>,
  ) =>
    registry.registerPath({
      method,
      path: route,
      tags: [tag],
      summary,
      description,
      security: SECURITY,
      request,
      responses: { ...responses, ...problemResponse },
    });

  path(
    'get',
    '/presets',
    'Presets',
    'List presets',
    READ,
    {},
    {
      200: { description: 'Every preset, by name', ...json(PresetListResponse) },
    },
  );
  path(
    'post',
    '/presets',
    'Presets',
    'Create a preset',
    `${WRITE} 409 when the name is taken.`,
    body(CreatePresetRequest),
    {
      201: { description: 'Created', ...json(PresetSchema) },
    },
  );
  path(
    'get',
    '/presets/{id}',
    'Presets',
    'Read a preset',
    READ,
    { params: idParams },
    {
      200: { description: 'The preset', ...json(PresetSchema) },
    },
  );
  path(
    'patch',
    '/presets/{id}',
    'Presets',
    'Change a preset',
    `${WRITE} Past jobs keep the copy they made.`,
    { params: idParams, ...body(UpdatePresetRequest) },
    {
      200: { description: 'Changed', ...json(PresetSchema) },
    },
  );
  path(
    'delete',
    '/presets/{id}',
    'Presets',
    'Delete a preset',
    `${WRITE} 409 while schedules use it.`,
    { params: idParams },
    {
      204: { description: 'Deleted' },
    },
  );

  path(
    'post',
    '/jobs',
    'Jobs',
    'Create a job from a preset',
    `${WRITE} Starts workflow \`job-<id>\`: queued → generating → awaiting_review → (accept) exporting → done, or expired after the review timeout, or failed.`,
    body(CreateJobRequest),
    {
      201: { description: 'Queued', ...json(CreateJobResponse) },
    },
  );
  path(
    'get',
    '/jobs',
    'Jobs',
    'List jobs, newest first',
    `${READ} Keyset pagination: pass \`next_cursor\` as \`cursor\`.`,
    { query: JobListQuery },
    {
      200: { description: 'One page', ...json(JobListResponse) },
    },
  );
  path(
    'get',
    '/jobs/{id}',
    'Jobs',
    'Read a job with its variants',
    READ,
    { params: idParams },
    {
      200: { description: 'The job and its variants by ordinal', ...json(JobDetailResponse) },
    },
  );
  path(
    'post',
    '/jobs/{id}/accept',
    'Jobs',
    'Accept one variant',
    `${WRITE} Forwarded to the workflow's \`accept\` update, which refuses (409) unless the job awaits review and the variant is one of its own. The workflow then exports it.`,
    { params: idParams, ...body(AcceptVariantRequest) },
    {
      200: { description: 'Accepted; the export runs next', ...json(AcceptVariantResponse) },
    },
  );

  const ifMatch = z.object({
    'if-match': z.string().meta({ description: "The variant's ETag; missing → 428, stale → 412." }),
  });
  path(
    'get',
    '/variants/{id}',
    'Jobs',
    'Read a variant',
    `${READ} The ETag header is its version.`,
    { params: idParams },
    {
      200: { description: 'The variant', ...json(VariantSchema) },
    },
  );
  path(
    'put',
    '/variants/{id}',
    'Jobs',
    "Edit a variant's content",
    `${WRITE} Only draft variants of a job awaiting review (409 otherwise).`,
    { params: idParams, headers: ifMatch, ...body(UpdateVariantRequest) },
    {
      200: { description: 'Edited; new ETag', ...json(VariantSchema) },
    },
  );
  path(
    'post',
    '/export/{variant_id}',
    'Jobs',
    'Export the accepted variant',
    `${WRITE} \`Accept: application/json\` answers JSON; otherwise a file download (Content-Disposition) in the preset's format, Markdown or JSON. 409 for a variant that is not accepted.`,
    { params: z.object({ variant_id: JobsId }) },
    {
      200: {
        description: 'The artifact',
        content: {
          'application/json': { schema: ExportResponse },
          'text/markdown': { schema: z.string() },
        },
      },
    },
  );

  path(
    'post',
    '/schedule',
    'Schedules',
    'Schedule a preset',
    `${WRITE} A Temporal Schedule (cron or one-shot ISO time, time zone, overlap policy) whose action starts a job. Invalid cron, ISO time or time zone → 400, nothing written.`,
    body(CreateScheduleRequest),
    {
      201: { description: 'Scheduled', ...json(ScheduleSchema) },
    },
  );
  path(
    'get',
    '/schedule',
    'Schedules',
    "List schedules with Temporal's next run times",
    READ,
    {},
    {
      200: { description: 'Every schedule', ...json(ScheduleListResponse) },
    },
  );
  path(
    'get',
    '/schedule/{id}',
    'Schedules',
    'Read a schedule',
    READ,
    { params: idParams },
    {
      200: { description: 'The schedule', ...json(ScheduleSchema) },
    },
  );
  path(
    'patch',
    '/schedule/{id}',
    'Schedules',
    'Pause or resume a schedule',
    WRITE,
    { params: idParams, ...body(PatchScheduleRequest) },
    {
      200: { description: 'Changed', ...json(ScheduleSchema) },
    },
  );
  path(
    'delete',
    '/schedule/{id}',
    'Schedules',
    'Delete a schedule',
    `${WRITE} Its Temporal Schedule goes too; past jobs stay.`,
    { params: idParams },
    {
      204: { description: 'Deleted' },
    },
  );
}
