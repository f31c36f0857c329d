import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  StoredPresetParameters,
  jsonColumn,
  type CreateJobRequest,
  type StoredJobInput,
} from '@kyros/contracts/schemas/jobs';
import { jobWorkflow } from '@kyros/workflows/job-workflow';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import { existingUserId } from '../../auth/existing-user-id.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { temporalOrUnavailable, type JobsDeps } from '../jobs-deps.ts';

export interface CreateJobOptions {
  deps: JobsDeps;
  request: CreateJobRequest;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * A job from a preset: its row and the `job.created` audit row commit together, then its workflow
 * starts. A workflow that did not start withdraws the job (row deleted, `job.withdrawn`
 * recorded), so the caller may simply retry; one that did start, though its answer was lost,
 * keeps it.
 */
export async function createJob(options: CreateJobOptions) {
  const { deps, request, principal, requestId } = options;
  const { prisma, audit } = deps;
  const preset = await prisma.preset.findUnique({ where: { id: request.preset_id } });
  if (!preset) {
    throw new AppError('not_found', `Preset ${request.preset_id} does not exist`, {
      errors: [{ path: 'preset_id', message: 'no such preset' }],
    });
  }
  const parameters = StoredPresetParameters.parse(preset.parameters);
  const stored: StoredJobInput = {
    values: { ...parameters.input, ...request.input },
    preset: { name: preset.name, template: preset.template, format: parameters.format },
  };
  const client = await temporalOrUnavailable(deps);
  const createdById = await existingUserId(prisma, principal.userId);
  const { job, mirror } = await prisma.$transaction(async (tx) => {
    const row = await tx.job.create({
      data: {
        presetId: preset.id,
        createdById,
        variantCount: request.variant_count ?? preset.variantCount,
        input: jsonColumn(stored),
      },
    });
    const recorded = await audit.recordWithin(tx, {
      principal,
      action: 'job.created',
      targetType: 'job',
      targetId: row.id,
      payload: { preset: preset.name, variant_count: row.variantCount },
      requestId,
    });
    return { job: row, mirror: recorded.mirror };
  });
  // On the stream before the start: the workflow's own job_<status> events follow job_created.
  await mirror();
  const workflowId = jobWorkflowId(job.id);
  try {
    await client.workflow.start(jobWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [
        {
          jobId: job.id,
          ...(deps.reviewTimeoutSeconds === undefined
            ? {}
            : { reviewTimeoutSeconds: deps.reviewTimeoutSeconds }),
        },
      ],
    });
  } catch (error) {
    // A start whose answer was lost (a timeout, a dropped connection) may have started it.
    const started =
      error instanceof WorkflowExecutionAlreadyStartedError ||
      (await client.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => true,
          () => false,
        ));
    if (!started) {
      await withdraw(deps, job.id, principal, requestId, String(error));
      throw new AppError('unavailable', `The job workflow could not start: ${String(error)}`);
    }
  }
  return { job, workflowId };
}

async function withdraw(
  deps: JobsDeps,
  jobId: string,
  principal: Principal,
  requestId: string | undefined,
  reason: string,
): Promise<void> {
  const { mirror } = await deps.prisma.$transaction(async (tx) => {
    await tx.job.delete({ where: { id: jobId } });
    return deps.audit.recordWithin(tx, {
      principal,
      action: 'job.withdrawn',
      targetType: 'job',
      targetId: jobId,
      payload: { reason: reason.slice(0, 500) },
      requestId,
    });
  });
  await mirror();
}
