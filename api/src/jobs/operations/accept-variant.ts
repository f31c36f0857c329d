import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { isFailureOfType } from '@kyros/contracts/failures';
import { isFinalJobStatus } from '@kyros/contracts/schemas/jobs';
import { acceptUpdate, jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';
import { findJob } from './find-job.ts';

export interface AcceptVariantOptions {
  deps: JobsDeps;
  jobId: string;
  variantId: string;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Accepts one variant of a job awaiting review. The job workflow makes the change (its `accept`
 * update, validated by the workflow itself); the `variant.accepted` audit row follows once the
 * workflow has answered, since the two cannot share a database transaction.
 */
export async function acceptVariant(options: AcceptVariantOptions) {
  const { deps, jobId, variantId, principal, requestId } = options;
  const job = await findJob(deps.prisma, jobId);
  if (isFinalJobStatus(job.status)) {
    throw new AppError('conflict', `Job ${jobId} is ${job.status}; nothing can be accepted`);
  }
  const client = await temporalOrUnavailable(deps);
  const handle = client.workflow.getHandle(jobWorkflowId(jobId));
  const result = await handle
    .executeUpdate(acceptUpdate, {
      args: [
        {
          variantId,
          actor: principal.actor,
          ...(principal.userId === undefined ? {} : { actorUserId: principal.userId }),
        },
      ],
    })
    .catch((error: unknown) => {
      throw acceptRefusal(error, jobId, variantId);
    });
  await deps.audit.record({
    principal,
    action: 'variant.accepted',
    targetType: 'variant',
    targetId: variantId,
    payload: { job_id: jobId },
    requestId,
  });
  return result;
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
          {
            errors: [{ path: 'variant_id', message: 'not a variant of this job' }],
          },
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
