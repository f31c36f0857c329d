import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
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
  StoredJobInput,
  StoredPresetParameters,
  UpdateVariantRequest,
  VariantContent,
  isFinalJobStatus,
  jsonColumn,
} from '@kyros/contracts/jobs';
import { isFailureOfType } from '@kyros/contracts/failures';
import { renderArtifact, type RenderedArtifact } from '@kyros/contracts/jobs-render';
import {
  acceptUpdate,
  JOB_WORKFLOW_TYPE,
  jobWorkflowId,
  type JobWorkflowInput,
} from '@kyros/workflows/job-workflow-api';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ifMatchSatisfied } from '../collab/domain/etag-preconditions.ts';
import { AppError } from '../errors/app-error.ts';
import { decodeJobCursor, encodeJobCursor, variantEtag } from './domain/job-cursor.ts';
import { temporalOrUnavailable, type JobsDeps } from './jobs-deps.ts';
import { jobBody, variantBody } from './job-representations.ts';
import { idParam, parseJsonBody, parseQuery, requestIdOf } from './jobs-http.ts';
import { userIdOrNull } from './preset-routes.ts';

/** Jobs, their variants, accepting one and exporting it. */
export function jobRoutes(deps: JobsDeps): Router {
  const router = Router();
  const { prisma, audit } = deps;

  const findJob = async (id: string) => {
    const job = await prisma.job.findUnique({ where: { id } });
    if (!job) throw new AppError('not_found', `Job ${id} does not exist`);
    return job;
  };
  const findVariant = async (id: string) => {
    const variant = await prisma.variant.findUnique({ where: { id } });
    if (!variant) throw new AppError('not_found', `Variant ${id} does not exist`);
    return variant;
  };

  router.post('/jobs', requireRole('operator'), async (req, res) => {
    const request = parseJsonBody(CreateJobRequest, req);
    const principal = principalOf(req);
    const preset = await prisma.preset.findUnique({ where: { id: request.preset_id } });
    if (!preset) {
      throw new AppError('invalid', `Preset ${request.preset_id} does not exist`, {
        errors: [{ path: 'preset_id', message: 'no such preset' }],
      });
    }
    const parameters = StoredPresetParameters.parse(preset.parameters);
    const stored: StoredJobInput = {
      values: { ...parameters.input, ...request.input },
      preset: { name: preset.name, template: preset.template, format: parameters.format },
    };
    const client = await temporalOrUnavailable(deps);
    const job = await prisma.job.create({
      data: {
        presetId: preset.id,
        createdById: await userIdOrNull(deps, principal.userId),
        variantCount: request.variant_count ?? preset.variantCount,
        input: jsonColumn(stored),
      },
    });
    const workflowId = jobWorkflowId(job.id);
    // Before the start: the workflow's own job_<status> events must follow job_created.
    await audit.record({
      principal,
      action: 'job.created',
      targetType: 'job',
      targetId: job.id,
      payload: { preset: preset.name, variant_count: job.variantCount },
      requestId: requestIdOf(req),
    });
    try {
      await client.workflow.start(JOB_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [
          {
            jobId: job.id,
            ...(deps.reviewTimeoutSeconds === undefined
              ? {}
              : { reviewTimeoutSeconds: deps.reviewTimeoutSeconds }),
          } satisfies JobWorkflowInput,
        ],
      });
    } catch (error) {
      // Not started means not created: the row goes, the caller may simply retry.
      await prisma.job.delete({ where: { id: job.id } });
      await audit.record({
        principal,
        action: 'job.deleted',
        targetType: 'job',
        targetId: job.id,
        payload: { reason: 'the job workflow could not start' },
        requestId: requestIdOf(req),
      });
      throw new AppError('unavailable', `The job workflow could not start: ${String(error)}`);
    }
    res
      .status(201)
      .location(`/jobs/${job.id}`)
      .json(CreateJobResponse.parse({ id: job.id, status: 'queued', workflow_id: workflowId }));
  });

  router.get('/jobs', requireRole('viewer'), async (req, res) => {
    const query = parseQuery(JobListQuery, req);
    const limit = query.limit ?? 20;
    const cursor = query.cursor === undefined ? undefined : decodeJobCursor(query.cursor);
    if (query.cursor !== undefined && !cursor) {
      throw new AppError('invalid', 'cursor is not one this API issued', {
        errors: [{ path: 'cursor', message: 'unknown cursor' }],
      });
    }
    const rows = await prisma.job.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.preset ? { presetId: query.preset } : {}),
        ...(cursor
          ? {
              OR: [
                { createdAt: { lt: cursor.createdAt } },
                { createdAt: cursor.createdAt, id: { lt: cursor.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    res.json(
      JobListResponse.parse({
        items: page.map(jobBody),
        next_cursor:
          rows.length > limit && last
            ? encodeJobCursor({ createdAt: last.createdAt, id: last.id })
            : null,
      }),
    );
  });

  router.get('/jobs/:id', requireRole('viewer'), async (req, res) => {
    const job = await findJob(idParam(req, 'id', 'Job'));
    const variants = await prisma.variant.findMany({
      where: { jobId: job.id },
      orderBy: { ordinal: 'asc' },
    });
    res.json(JobDetailResponse.parse({ job: jobBody(job), variants: variants.map(variantBody) }));
  });

  router.get('/variants/:id', requireRole('viewer'), async (req, res) => {
    const variant = await findVariant(idParam(req, 'id', 'Variant'));
    res.set('ETag', variantEtag(variant.version)).set('Cache-Control', 'no-cache');
    res.json(variantBody(variant));
  });

  router.put('/variants/:id', requireRole('operator'), async (req, res) => {
    const id = idParam(req, 'id', 'Variant');
    const request = parseJsonBody(UpdateVariantRequest, req);
    const variant = await findVariant(id);
    const ifMatch = req.get('if-match');
    const current = variantEtag(variant.version);
    if (ifMatch === undefined) {
      throw new AppError('precondition_required', `PUT /variants/${id} needs If-Match: ${current}`);
    }
    const stale = () =>
      new AppError('precondition_failed', `Variant ${id} changed; its ETag is now ${current}`, {
        body: { etag: current, variant: variantBody(variant) },
      });
    // A variant that cannot be edited any more is a 409 whatever ETag the caller holds.
    const job = await findJob(variant.jobId);
    if (variant.status !== 'draft' || job.status !== 'awaiting_review') {
      throw new AppError(
        'conflict',
        `Variant ${id} is ${variant.status} and its job ${job.status}; only draft variants of a job awaiting review can be edited`,
      );
    }
    if (!ifMatchSatisfied(ifMatch, current)) throw stale();
    const { count } = await prisma.variant.updateMany({
      where: { id, version: variant.version, status: 'draft' },
      data: { content: request.content, version: { increment: 1 } },
    });
    if (count === 0) throw stale();
    const updated = await findVariant(id);
    await audit.record({
      principal: principalOf(req),
      action: 'variant.updated',
      targetType: 'variant',
      targetId: id,
      payload: { job_id: variant.jobId, version: updated.version },
      requestId: requestIdOf(req),
    });
    res.set('ETag', variantEtag(updated.version)).json(variantBody(updated));
  });

  router.post('/jobs/:id/accept', requireRole('operator'), async (req, res) => {
    const jobId = idParam(req, 'id', 'Job');
    const request = parseJsonBody(AcceptVariantRequest, req);
    const principal = principalOf(req);
    const job = await findJob(jobId);
    if (isFinalJobStatus(job.status)) {
      throw new AppError('conflict', `Job ${jobId} is ${job.status}; nothing can be accepted`);
    }
    const client = await temporalOrUnavailable(deps);
    const handle = client.workflow.getHandle(jobWorkflowId(jobId));
    try {
      const result = await handle.executeUpdate(acceptUpdate, {
        args: [
          {
            variantId: request.variant_id,
            actor: principal.actor,
            ...(principal.userId === undefined ? {} : { actorUserId: principal.userId }),
          },
        ],
      });
      await audit.record({
        principal,
        action: 'variant.accepted',
        targetType: 'variant',
        targetId: request.variant_id,
        payload: { job_id: jobId },
        requestId: requestIdOf(req),
      });
      res.json(
        AcceptVariantResponse.parse({
          job_id: jobId,
          variant_id: result.variantId,
          status: result.phase,
        }),
      );
    } catch (error) {
      throw acceptRefusal(error, jobId, request.variant_id);
    }
  });

  router.post('/export/:variant_id', requireRole('operator'), async (req, res) => {
    const id = idParam(req, 'variant_id', 'Variant');
    let variant = await findVariant(id);
    if (variant.status !== 'accepted' && variant.status !== 'exported') {
      throw new AppError(
        'conflict',
        `Variant ${id} is ${variant.status}; only the accepted variant of a job can be exported`,
      );
    }
    if (variant.status === 'accepted') {
      await waitForExport(deps, variant.jobId);
      variant = await findVariant(id);
      if (variant.status !== 'exported') {
        throw new AppError('conflict', `Variant ${id} is accepted but its export has not finished`);
      }
    }
    const job = await findJob(variant.jobId);
    const stored = StoredJobInput.parse(job.input);
    const artifact = await readArtifact(deps.artifactsDir, variant.exportPath, () =>
      renderArtifact(stored.preset.format, {
        jobId: job.id,
        variantId: variant.id,
        ordinal: variant.ordinal,
        presetName: stored.preset.name,
        content: VariantContent.parse(variant.content),
      }),
    );
    await audit.record({
      principal: principalOf(req),
      action: 'variant.exported',
      targetType: 'variant',
      targetId: id,
      payload: { job_id: job.id, format: stored.preset.format, filename: artifact.filename },
      requestId: requestIdOf(req),
    });
    if (wantsJson(req)) {
      res.json(
        ExportResponse.parse({
          job_id: job.id,
          variant_id: variant.id,
          format: stored.preset.format,
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

/** Waits (bounded) for the job workflow to finish its export after an accept. */
async function waitForExport(deps: JobsDeps, jobId: string): Promise<void> {
  const client = await temporalOrUnavailable(deps);
  const handle = client.workflow.getHandle(jobWorkflowId(jobId));
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deps.exportWaitMs ?? 30_000);
  });
  try {
    await Promise.race([
      handle.result().then(
        () => undefined,
        () => undefined,
      ),
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The worker's artifact when it is readable here (inside artifactsDir), else the same rendering. */
async function readArtifact(
  artifactsDir: string,
  exportPath: string | null,
  render: () => RenderedArtifact,
): Promise<RenderedArtifact> {
  const rendered = render();
  if (!exportPath) return rendered;
  const root = path.resolve(artifactsDir);
  const file = path.resolve(exportPath);
  if (!file.startsWith(`${root}${path.sep}`)) return rendered;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? rendered : { ...rendered, text };
}

/** A refused `accept` update or a job without a running workflow, as problem+json. */
function acceptRefusal(error: unknown, jobId: string, variantId: string): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) {
      if (isFailureOfType(cause, 'VariantNotOfJob')) {
        return new AppError(
          'conflict',
          `Variant ${variantId} is not one of job ${jobId}'s variants`,
          { errors: [{ path: 'variant_id', message: 'not a variant of this job' }] },
        );
      }
      if (isFailureOfType(cause, 'JobNotAwaitingReview')) {
        return new AppError('conflict', cause.message);
      }
      return new AppError('conflict', `The accept was refused: ${cause.message}`);
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return new AppError('conflict', `Job ${jobId} has no running workflow`);
  }
  return error;
}
