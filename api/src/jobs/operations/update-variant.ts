import type { UpdateVariantRequest } from '@kyros/contracts/schemas/jobs';
import type { Principal } from '../../auth/principal.ts';
import { ifMatchSatisfied } from '../../collab/domain/etag-preconditions.ts';
import { AppError } from '../../errors/app-error.ts';
import { variantEtag } from '../domain/job-cursor.ts';
import { variantBody } from '../job-representations.ts';
import type { JobsDeps } from '../jobs-deps.ts';
import { findJob, findVariant } from './find-job.ts';

export interface UpdateVariantOptions {
  deps: Pick<JobsDeps, 'prisma' | 'audit'>;
  id: string;
  request: UpdateVariantRequest;
  ifMatch: string | undefined;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Edits a draft variant of a job awaiting review, under If-Match (428 without it, 412 when
 * stale); the new version and its `variant.updated` audit row commit together.
 */
export async function updateVariant(options: UpdateVariantOptions) {
  const { deps, id, request, ifMatch, principal, requestId } = options;
  const { prisma, audit } = deps;
  const variant = await findVariant(prisma, id);
  const current = variantEtag(variant.version);
  if (ifMatch === undefined) {
    throw new AppError('precondition_required', `PUT /variants/${id} needs If-Match: ${current}`);
  }
  const stale = () =>
    new AppError('precondition_failed', `Variant ${id} changed; its ETag is now ${current}`, {
      body: { etag: current, variant: variantBody(variant) },
    });
  // A variant that cannot be edited any more is a 409 whatever ETag the caller holds.
  const job = await findJob(prisma, variant.jobId);
  if (variant.status !== 'draft' || job.status !== 'awaiting_review') {
    throw new AppError(
      'conflict',
      `Variant ${id} is ${variant.status} and its job ${job.status}; only draft variants of a job awaiting review can be edited`,
    );
  }
  if (!ifMatchSatisfied(ifMatch, current)) throw stale();
  const { updated, mirror } = await prisma.$transaction(async (tx) => {
    const { count } = await tx.variant.updateMany({
      where: { id, version: variant.version, status: 'draft' },
      data: { content: request.content, version: { increment: 1 } },
    });
    if (count === 0) throw stale();
    const row = await tx.variant.findUniqueOrThrow({ where: { id } });
    const recorded = await audit.recordWithin(tx, {
      principal,
      action: 'variant.updated',
      targetType: 'variant',
      targetId: id,
      payload: { job_id: variant.jobId, version: row.version },
      requestId,
    });
    return { updated: row, mirror: recorded.mirror };
  });
  await mirror();
  return updated;
}
