import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  executeChild,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import { failure, refusals } from '@kyros/contracts/failures';
import {
  acceptUpdate,
  jobProgressQuery,
  jobWorkflowId,
  type AcceptUpdateInput,
  type JobWorkflowInput,
  type JobWorkflowOutcome,
  type JobWorkflowProgress,
  type ScheduledJobWorkflowInput,
} from './job-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

// Database writes: quick and idempotent. A database fault or a row a read missed is retried for
// 35 attempts, three to five minutes with the activity's jitter: enough to ride out a database
// restart, bounded all the same. Refusals are final.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 35,
    nonRetryableErrorTypes: refusals('NoDatabase', 'IllegalJobTransition', 'VariantNotOfJob'),
  },
});

// Generation heartbeats, so a dead worker is noticed within the heartbeat timeout and another
// worker's retry resumes the LangGraph thread where the checkpoints left it. Ten attempts span
// about a minute of backoff: a database restart or a lost worker, not an endless loop.
const generation = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: refusals('NoDatabase'),
  },
});

const DEFAULT_REVIEW_SECONDS = 7 * 24 * 3600;

/**
 * One job: queued → generating (N variants) → awaiting_review, until a validated `accept` update
 * or the review timeout (→ expired); then exporting → done. Any failure ends in `failed`, with
 * the error on the job row.
 */
export async function jobWorkflow(input: JobWorkflowInput): Promise<JobWorkflowOutcome> {
  const { jobId } = input;
  const progress: JobWorkflowProgress = { jobId, phase: 'queued', variantIds: [] };
  let accepting = false;
  let accepted: { variantId: string } | undefined;
  setHandler(jobProgressQuery, () => progress);
  setHandler(
    acceptUpdate,
    async ({ variantId, actorUserId }) => {
      accepting = true;
      try {
        await db.acceptJobVariant({
          jobId,
          variantId,
          ...(actorUserId === undefined ? {} : { actorUserId }),
        });
      } catch (error) {
        accepting = false;
        throw error;
      }
      accepted = { variantId };
      progress.acceptedVariantId = variantId;
      return { jobId, variantId, phase: 'exporting' as const };
    },
    {
      validator: ({ variantId }: AcceptUpdateInput) => {
        if (progress.phase !== 'awaiting_review' || accepting || accepted) {
          throw failure(
            'JobNotAwaitingReview',
            `Job ${jobId} is ${accepting || accepted ? 'already accepted' : progress.phase}, not awaiting review`,
          );
        }
        if (!progress.variantIds.includes(variantId)) {
          throw failure('VariantNotOfJob', `Variant ${variantId} is not one of job ${jobId}'s`);
        }
      },
    },
  );

  const moveTo = async (to: JobWorkflowProgress['phase'], error?: string) => {
    await db.setJobStatus({ jobId, to, ...(error === undefined ? {} : { error }) });
    progress.phase = to;
  };

  try {
    await moveTo('generating');
    const { variantIds } = await generation.generateJobVariants({ jobId });
    progress.variantIds = variantIds;
    // Open to accept before the row says awaiting_review, so no one who reads the row is refused.
    progress.phase = 'awaiting_review';
    await moveTo('awaiting_review');
    const reviewSeconds = input.reviewTimeoutSeconds ?? DEFAULT_REVIEW_SECONDS;
    if (!(await condition(() => accepted !== undefined, `${reviewSeconds} seconds`))) {
      // An accept that is still writing wins over the timeout.
      if (accepting) await condition(() => accepted !== undefined || !accepting);
      if (!accepted) {
        await moveTo('expired');
        return { outcome: 'expired' };
      }
    }
    const variantId = accepted?.variantId ?? '';
    await moveTo('exporting');
    const { exportPath } = await db.exportJobVariant({ jobId, variantId });
    await moveTo('done');
    return { outcome: 'done', acceptedVariantId: variantId, exportPath };
  } catch (error) {
    const message = describe(error);
    progress.error = message;
    await CancellationScope.nonCancellable(async () => {
      await db.setJobStatus({ jobId, to: 'failed', error: message });
    });
    progress.phase = 'failed';
    throw error;
  }
}

/**
 * A schedule's action: creates the job row for this run (its id drawn from the workflow's
 * deterministic random, so retries and replays agree), then runs `job-<id>` as a child and waits
 * for it, so the schedule's overlap policy covers the whole job.
 */
export async function scheduledJobWorkflow(
  input: ScheduledJobWorkflowInput,
): Promise<JobWorkflowOutcome> {
  const jobId = uuid4();
  await db.createScheduledJob({ jobId, scheduleId: input.scheduleId });
  return executeChild(jobWorkflow, {
    workflowId: jobWorkflowId(jobId),
    args: [
      {
        jobId,
        ...(input.reviewTimeoutSeconds === undefined
          ? {}
          : { reviewTimeoutSeconds: input.reviewTimeoutSeconds }),
      } satisfies JobWorkflowInput,
    ],
    parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
  });
}

/** The innermost message: what the activity actually said. */
function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
