import { Router, type Request } from 'express';
import {
  AcceptVariantRequest,
  AcceptVariantResponse,
  CreateJobRequest,
  CreateJobResponse,
  ExportResponse,
  JobDetailResponse,
  JobListQuery,
  JobListResponse,
  UpdateVariantRequest,
} from '@kyros/contracts/schemas/jobs';
import { principalOf, requireRole } from '../auth/principal.ts';
import { variantEtag } from './domain/job-cursor.ts';
import { jobBody, variantBody } from './job-representations.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { idParam, parseJsonBody, parseQuery, requestIdOf } from './jobs-http.ts';
import { acceptVariant } from './operations/accept-variant.ts';
import { createJob } from './operations/create-job.ts';
import { exportVariant } from './operations/export-variant.ts';
import { findVariant } from './operations/find-job.ts';
import { listJobs } from './operations/list-jobs.ts';
import { readJob } from './operations/read-job.ts';
import { updateVariant } from './operations/update-variant.ts';

/** Jobs, their variants, accepting one and exporting it: parse, call one operation, answer. */
export function jobRoutes(deps: JobsDeps): Router {
  const router = Router();
  const { prisma } = deps;

  router.post('/jobs', requireRole('operator'), async (req, res) => {
    const { job, workflowId } = await createJob({
      deps,
      request: parseJsonBody(CreateJobRequest, req),
      principal: principalOf(req),
      requestId: requestIdOf(req),
    });
    res
      .status(201)
      .location(`/jobs/${job.id}`)
      .json(CreateJobResponse.parse({ id: job.id, status: 'queued', workflow_id: workflowId }));
  });

  router.get('/jobs', requireRole('viewer'), async (req, res) => {
    const { jobs, nextCursor } = await listJobs({ prisma, query: parseQuery(JobListQuery, req) });
    res.json(JobListResponse.parse({ items: jobs.map(jobBody), next_cursor: nextCursor }));
  });

  router.get('/jobs/:id', requireRole('viewer'), async (req, res) => {
    const { job, variants } = await readJob(prisma, idParam(req, 'id', 'Job'));
    res.json(JobDetailResponse.parse({ job: jobBody(job), variants: variants.map(variantBody) }));
  });

  router.get('/variants/:id', requireRole('viewer'), async (req, res) => {
    const variant = await findVariant(prisma, idParam(req, 'id', 'Variant'));
    res.set('ETag', variantEtag(variant.version)).set('Cache-Control', 'no-cache');
    res.json(variantBody(variant));
  });

  router.put('/variants/:id', requireRole('operator'), async (req, res) => {
    const id = idParam(req, 'id', 'Variant');
    const updated = await updateVariant({
      deps,
      id,
      request: parseJsonBody(UpdateVariantRequest, req),
      ifMatch: req.get('if-match'),
      principal: principalOf(req),
      requestId: requestIdOf(req),
    });
    res.set('ETag', variantEtag(updated.version)).json(variantBody(updated));
  });

  router.post('/jobs/:id/accept', requireRole('operator'), async (req, res) => {
    const jobId = idParam(req, 'id', 'Job');
    const request = parseJsonBody(AcceptVariantRequest, req);
    const result = await acceptVariant({
      deps,
      jobId,
      variantId: request.variant_id,
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
  });

  router.post('/export/:variant_id', requireRole('operator'), async (req, res) => {
    const { job, variant, format, artifact } = await exportVariant({
      deps,
      variantId: idParam(req, 'variant_id', 'Variant'),
      principal: principalOf(req),
      requestId: requestIdOf(req),
    });
    if (wantsJson(req)) {
      res.json(
        ExportResponse.parse({
          job_id: job.id,
          variant_id: variant.id,
          format,
          filename: artifact.filename,
          media_type: artifact.mediaType,
          content: artifact.text,
          export_path: variant.exportPath,
          exported_at: variant.exportedAt?.toISOString() ?? null,
        }),
      );
      return;
    }
    res
      .status(200)
      .type(artifact.mediaType)
      .set('Content-Disposition', `attachment; filename="${artifact.filename}"`)
      .send(artifact.text);
  });

  return router;
}

/** `Accept: application/json` asks for the JSON form; anything else gets the file. */
function wantsJson(req: Request): boolean {
  return /\bapplication\/json\b/i.test(req.get('accept') ?? '');
}
