import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StoredJobInput, VariantContent } from '@kyros/contracts/schemas/jobs';
import { renderArtifact, type RenderedArtifact } from '@kyros/contracts/jobs-render';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import { findJob, findVariant } from './find-job.ts';

export interface ExportVariantOptions {
  deps: JobsDeps;
  variantId: string;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * The accepted variant's exported file. Right after an accept the workflow may still be writing
 * it: the export waits (bounded) for the workflow to finish. Each download is audited.
 */
export async function exportVariant(options: ExportVariantOptions) {
  const { deps, variantId: id, principal, requestId } = options;
  const { prisma } = deps;
  let variant = await findVariant(prisma, id);
  if (variant.status !== 'accepted' && variant.status !== 'exported') {
    throw new AppError(
      'conflict',
      `Variant ${id} is ${variant.status}; only the accepted variant of a job can be exported`,
    );
  }
  if (variant.status === 'accepted') {
    await waitForExport(deps, variant.jobId);
    variant = await findVariant(prisma, id);
    if (variant.status !== 'exported') {
      throw new AppError('conflict', `Variant ${id} is accepted but its export has not finished`);
    }
  }
  const job = await findJob(prisma, variant.jobId);
  const stored = StoredJobInput.parse(job.input);
  const exported = variant;
  const artifact = await readArtifact(deps.artifactsDir, exported.exportPath, () =>
    renderArtifact(stored.preset.format, {
      jobId: job.id,
      variantId: exported.id,
      ordinal: exported.ordinal,
      presetName: stored.preset.name,
      content: VariantContent.parse(exported.content),
    }),
  );
  await deps.audit.record({
    principal,
    action: 'variant.exported',
    targetType: 'variant',
    targetId: id,
    payload: { job_id: job.id, format: stored.preset.format, filename: artifact.filename },
    requestId,
  });
  return { job, variant: exported, format: stored.preset.format, artifact };
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
