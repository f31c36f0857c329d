import type { Request } from 'express';
import { z } from 'zod';
import {
  AcceptVariantRequest,
  AcceptVariantResponse,
  CreateJobRequest,
  CreateJobResponse,
  ExportResponse,
  JobDetailResponse,
  JobListQuery,
  JobListResponse,
  JobsId,
  UpdateVariantRequest,
  VariantSchema,
} from '@kyros/contracts/schemas/jobs';
import { principalOf } from '../auth/principal.ts';
import { requestIdOf } from '../http/request-input.ts';
import { defineRoute, jsonContent, linksTo, pathId, type Route } from '../http/route.ts';
import { variantEtag } from './domain/job-cursor.ts';
import { exportBody, jobBody, variantBody } from './job-representations.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { READ, WRITE } from './jobs-roles.ts';
import { acceptVariant } from './operations/accept-variant.ts';
import { createJob } from './operations/create-job.ts';
import { exportVariant } from './operations/export-variant.ts';
import { findVariant } from './operations/find-job.ts';
import { listJobs } from './operations/list-jobs.ts';
import { readJob } from './operations/read-job.ts';
import { updateVariant } from './operations/update-variant.ts';

const TAGS = ['Jobs'];
const jobParams = { id: pathId(JobsId, 'Job') };
const variantParams = { id: pathId(JobsId, 'Variant') };

/** Jobs, their variants, accepting one and exporting it: parse, call one operation, answer. */
export function jobRoutes(deps: JobsDeps): Route[] {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/jobs',
      role: 'operator',
      tags: TAGS,
      summary: 'Create a job from a preset',
      description: `${WRITE} Starts workflow \`job-<id>\`: queued → generating → awaiting_review → (accept) exporting → done, or expired after the review timeout, or failed.`,
      body: { schema: CreateJobRequest },
      responses: {
        201: {
          description: 'Queued',
          ...jsonContent(CreateJobResponse),
          ...linksTo([
            ['get', '/jobs/{id}', { id: '$response.body#/id' }],
            ['post', '/jobs/{id}/accept', { id: '$response.body#/id' }],
          ]),
        },
      },
      async handle({ body }, { req, res }) {
        const { job, workflowId } = await createJob({
          deps,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res
          .status(201)
          .location(`/jobs/${job.id}`)
          .json(CreateJobResponse.parse({ id: job.id, status: 'queued', workflow_id: workflowId }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/jobs',
      role: 'viewer',
      tags: TAGS,
      summary: 'List jobs, newest first',
      description: `${READ} Keyset pagination: pass \`next_cursor\` as \`cursor\`.`,
      query: JobListQuery,
      responses: { 200: { description: 'One page', ...jsonContent(JobListResponse) } },
      async handle({ query }, { res }) {
        const { jobs, nextCursor } = await listJobs({ prisma, query });
        res.json(JobListResponse.parse({ items: jobs.map(jobBody), next_cursor: nextCursor }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/jobs/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read a job with its variants',
      description: READ,
      params: jobParams,
      responses: {
        200: {
          description: 'The job and its variants by ordinal',
          ...jsonContent(JobDetailResponse),
          ...linksTo([
            ['get', '/variants/{id}', { id: '$response.body#/variants/0/id' }],
            ['put', '/variants/{id}', { id: '$response.body#/variants/0/id' }],
            ['post', '/export/{variant_id}', { variant_id: '$response.body#/variants/0/id' }],
          ]),
        },
      },
      async handle({ params }, { res }) {
        const { job, variants } = await readJob(prisma, params.id);
        res.json(
          JobDetailResponse.parse({ job: jobBody(job), variants: variants.map(variantBody) }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/jobs/{id}/accept',
      role: 'operator',
      tags: TAGS,
      summary: 'Accept one variant',
      description: `${WRITE} Forwarded to the workflow's \`accept\` update, which refuses (409) unless the job awaits review and the variant is one of its own. The workflow then exports it.`,
      params: jobParams,
      body: { schema: AcceptVariantRequest },
      responses: {
        200: {
          description: 'Accepted; the export runs next',
          ...jsonContent(AcceptVariantResponse),
        },
      },
      async handle({ params: { id: jobId }, body }, { req, res }) {
        const result = await acceptVariant({
          deps,
          jobId,
          variantId: body.variant_id,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.json(
          AcceptVariantResponse.parse({
            job_id: jobId,
            variant_id: result.variantId,
            status: result.phase,
          }),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/variants/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read a variant',
      description: `${READ} The ETag header is its version.`,
      params: variantParams,
      responses: { 200: { description: 'The variant', ...jsonContent(VariantSchema) } },
      async handle({ params }, { res }) {
        const variant = await findVariant(prisma, params.id);
        res.set('ETag', variantEtag(variant.version)).set('Cache-Control', 'no-cache');
        res.json(variantBody(variant));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/variants/{id}',
      role: 'operator',
      tags: TAGS,
      summary: "Edit a variant's content",
      description: `${WRITE} Only draft variants of a job awaiting review (409 otherwise).`,
      params: variantParams,
      ifMatch: {
        required: true,
        description: "The variant's ETag; missing → 428, stale → 412.",
      },
      body: { schema: UpdateVariantRequest },
      responses: { 200: { description: 'Edited; new ETag', ...jsonContent(VariantSchema) } },
      async handle({ params, body, ifMatch }, { req, res }) {
        const updated = await updateVariant({
          deps,
          id: params.id,
          request: body,
          ifMatch,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.set('ETag', variantEtag(updated.version)).json(variantBody(updated));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/export/{variant_id}',
      role: 'operator',
      tags: TAGS,
      summary: 'Export the accepted variant',
      description: `${WRITE} \`Accept: application/json\` answers JSON; otherwise a file download (Content-Disposition) in the preset's format, Markdown or JSON. 409 for a variant that is not accepted.`,
      params: { variant_id: pathId(JobsId, 'Variant') },
      responses: {
        200: {
          description: 'The artifact',
          content: {
            'application/json': { schema: ExportResponse },
            'text/markdown': { schema: z.string() },
          },
        },
      },
      async handle({ params }, { req, res }) {
        const exported = await exportVariant({
          deps,
          variantId: params.variant_id,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        if (wantsJson(req)) {
          res.json(exportBody(exported));
          return;
        }
        const { artifact } = exported;
        res
          .status(200)
          .type(artifact.mediaType)
          .set('Content-Disposition', `attachment; filename="${artifact.filename}"`)
          .send(artifact.text);
      },
    }),
  ];
}

/** `Accept: application/json` asks for the JSON form; anything else gets the file. */
function wantsJson(req: Request): boolean {
  return /\bapplication\/json\b/i.test(req.get('accept') ?? '');
}
