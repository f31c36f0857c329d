import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { PrismaClient } from '@kyros/db/client';
import {
  JOB_TRANSITIONS,
  jsonColumn,
  StoredJobInput,
  StoredPresetParameters,
  VariantContent,
  type JobStatus,
} from '@kyros/contracts/schemas/jobs';
import { failure } from '@kyros/contracts/failures';
import { renderArtifact } from '@kyros/contracts/jobs-render';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import { retryingDatabaseFaults } from '../database-faults.ts';
import type { JobPlan } from './generate-variants.ts';
import { jobStatusAnnouncer, type JobEventsClient } from './job-status-announcer.ts';
import { jobStatusEvent } from './job-status-event.ts';
import { runVariantGraph } from './variant-graph.ts';

export interface JobActivityDeps {
  /** The jobs tables; without it the job activities refuse (non-retryable). */
  prisma?: PrismaClient;
  /** The API's event routes: each status change is announced as a `job_<status>` event. */
  events?: JobEventsClient;
  /** Where exported artifacts go: `<artifactsDir>/jobs/<job id>/<file>`. */
  artifactsDir: string;
  /** Postgres for the LangGraph checkpointer of the generation flow. */
  databaseUrl?: string;
  llm?: { provider: string; apiKey: string };
}

/**
 * The job workflow's side effects, straight on Postgres through Prisma. Every one is idempotent:
 * a retry after a lost completion finds its effect already there and answers the same. Only
 * domain refusals are final; a transient database fault is a retryable `DatabaseUnavailable`, and
 * a row the workflow knows was committed but a read did not find is retried too.
 */
export function createJobActivities(deps: JobActivityDeps) {
  const db = (): PrismaClient => {
    if (!deps.prisma) {
      throw failure('NoDatabase', 'The worker has no database for jobs');
    }
    return deps.prisma;
  };

  async function loadPlan(jobId: string): Promise<JobPlan> {
    const job = await db().job.findUnique({ where: { id: jobId } });
    if (!job) throw failure('JobNotFound', `Job ${jobId} does not exist`);
    const stored = StoredJobInput.parse(job.input);
    return {
      presetName: stored.preset.name,
      template: stored.preset.template,
      format: stored.preset.format,
      values: stored.values,
      variantCount: job.variantCount,
    };
  }

  const announcer = jobStatusAnnouncer(deps.events, db);

  return retryingDatabaseFaults({
    /** Moves the job along JOB_TRANSITIONS; already there is success, an illegal move is final. */
    async setJobStatus(request: {
      jobId: string;
      to: JobStatus;
      error?: string;
    }): Promise<{ from: JobStatus; to: JobStatus }> {
      const job = await db().job.findUnique({ where: { id: request.jobId } });
      if (!job) throw failure('JobNotFound', `Job ${request.jobId} does not exist`);
      const from = job.status;
      if (from === request.to) {
        // A retry after the move: the attempt that made it may have died before announcing it.
        await announcer.announceUnlessAnnounced(request.jobId, from);
        return { from, to: from };
      }
      if (!JOB_TRANSITIONS[from].includes(request.to)) {
        throw failure(
          'IllegalJobTransition',
          `Job ${request.jobId} cannot move from ${from} to ${request.to}`,
        );
      }
      const final = JOB_TRANSITIONS[request.to].length === 0;
      const { count } = await db().job.updateMany({
        where: { id: request.jobId, status: from },
        data: {
          status: request.to,
          ...(request.error === undefined ? {} : { error: request.error.slice(0, 2000) }),
          ...(final ? { finishedAt: new Date() } : {}),
        },
      });
      // Someone moved it meanwhile: retrying re-reads and decides again.
      if (count === 0)
        throw new Error(`Job ${request.jobId} changed while moving to ${request.to}`);
      await announcer.announce(
        jobStatusEvent({ jobId: request.jobId, from, to: request.to, error: request.error }),
      );
      return { from, to: request.to };
    },

    /**
     * Generates the job's variants with the LangGraph flow (thread `job-<id>`) and writes them,
     * one row per ordinal (unique job_id + ordinal), so any number of retries ends with exactly N.
     */
    async generateJobVariants(request: { jobId: string }): Promise<{ variantIds: string[] }> {
      const context = Context.current();
      const plan = await loadPlan(request.jobId);
      if (!deps.databaseUrl) {
        throw failure('NoDatabase', 'The worker has no database URL');
      }
      const heartbeat = (details: unknown) => context.heartbeat(details);
      const ticker = setInterval(() => heartbeat({ phase: 'generating' }), 1_000);
      try {
        await runVariantGraph(plan, {
          databaseUrl: deps.databaseUrl,
          threadId: `job-${request.jobId}`,
          signal: context.cancellationSignal,
          ...(deps.llm ? { llm: deps.llm } : {}),
          heartbeat,
          persist: async (drafts) => {
            for (const [ordinal, content] of drafts.entries()) {
              await db().variant.createMany({
                data: [{ jobId: request.jobId, ordinal, content: VariantContent.parse(content) }],
                skipDuplicates: true,
              });
            }
          },
        });
      } finally {
        clearInterval(ticker);
      }
      const variants = await db().variant.findMany({
        where: { jobId: request.jobId },
        orderBy: { ordinal: 'asc' },
        select: { id: true },
      });
      return { variantIds: variants.map((variant) => variant.id) };
    },

    /** Marks one variant accepted (and the others rejected); idempotent for the same variant. */
    async acceptJobVariant(request: {
      jobId: string;
      variantId: string;
      actorUserId?: string;
    }): Promise<void> {
      await db().$transaction(async (tx) => {
        const variant = await tx.variant.findUnique({ where: { id: request.variantId } });
        if (!variant) {
          throw failure('VariantNotFound', `Variant ${request.variantId} was not found`);
        }
        if (variant.jobId !== request.jobId) {
          throw failure(
            'VariantNotOfJob',
            `Variant ${request.variantId} is not one of job ${request.jobId}'s`,
          );
        }
        if (variant.status === 'draft') {
          const user = request.actorUserId
            ? await tx.user.findUnique({ where: { id: request.actorUserId }, select: { id: true } })
            : null;
          await tx.variant.update({
            where: { id: variant.id },
            data: {
              status: 'accepted',
              acceptedAt: new Date(),
              acceptedById: user?.id ?? null,
              version: { increment: 1 },
            },
          });
        }
        await tx.variant.updateMany({
          where: { jobId: request.jobId, id: { not: variant.id }, status: 'draft' },
          data: { status: 'rejected', version: { increment: 1 } },
        });
      });
    },

    /** Renders the accepted variant and writes it atomically under artifactsDir; records where. */
    async exportJobVariant(request: {
      jobId: string;
      variantId: string;
    }): Promise<{ exportPath: string }> {
      const job = await db().job.findUnique({ where: { id: request.jobId } });
      const variant = await db().variant.findUnique({ where: { id: request.variantId } });
      if (!job) throw failure('JobNotFound', `Job ${request.jobId} does not exist`);
      if (!variant) {
        throw failure('VariantNotFound', `Variant ${request.variantId} was not found`);
      }
      if (variant.jobId !== job.id) {
        throw failure(
          'VariantNotOfJob',
          `Variant ${request.variantId} is not one of job ${request.jobId}'s`,
        );
      }
      if (variant.status === 'exported' && variant.exportPath) {
        return { exportPath: variant.exportPath };
      }
      const stored = StoredJobInput.parse(job.input);
      const artifact = renderArtifact(stored.preset.format, {
        jobId: job.id,
        variantId: variant.id,
        ordinal: variant.ordinal,
        presetName: stored.preset.name,
        content: VariantContent.parse(variant.content),
      });
      const exportPath = path.join(deps.artifactsDir, 'jobs', job.id, artifact.filename);
      await writeFileAtomically(exportPath, artifact.text);
      await db().variant.update({
        where: { id: variant.id },
        data: {
          status: 'exported',
          exportPath,
          exportedAt: new Date(),
          version: { increment: 1 },
        },
      });
      return { exportPath };
    },

    /**
     * A schedule's run: creates the job row (id chosen by the workflow, so a retry finds it)
     * from the schedule's preset and input. A missing schedule row is retried: Temporal's schedule
     * exists before its row commits, so its first run can come early; a deleted one runs out of
     * attempts.
     */
    async createScheduledJob(request: {
      jobId: string;
      scheduleId: string;
    }): Promise<{ jobId: string }> {
      const existing = await db().job.findUnique({ where: { id: request.jobId } });
      if (existing) return { jobId: existing.id };
      const schedule = await db().schedule.findUnique({
        where: { id: request.scheduleId },
        include: { preset: true },
      });
      if (!schedule) {
        throw failure('ScheduleNotFound', `Schedule ${request.scheduleId} does not exist`);
      }
      const parameters = StoredPresetParameters.parse(schedule.preset.parameters);
      const scheduleInput = schedule.input as {
        values?: Record<string, unknown>;
        variant_count?: number;
      };
      const stored: StoredJobInput = {
        values: { ...parameters.input, ...(scheduleInput.values ?? {}) },
        preset: {
          name: schedule.preset.name,
          template: schedule.preset.template,
          format: parameters.format,
        },
      };
      await db().job.createMany({
        data: [
          {
            id: request.jobId,
            presetId: schedule.presetId,
            scheduleId: schedule.id,
            createdById: schedule.createdById,
            variantCount: scheduleInput.variant_count ?? schedule.preset.variantCount,
            input: jsonColumn(stored),
          },
        ],
        skipDuplicates: true,
      });
      return { jobId: request.jobId };
    },
  });
}
