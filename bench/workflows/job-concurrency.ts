import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateJobResponse,
  JobListResponse,
  PresetSchema,
  type JobStatus,
} from '@kyros/contracts/schemas/jobs';
import { type LatencySummary, nowMs, round, summariseLatencies } from '../collab/latency-stats.ts';
import type { WorkflowStack } from './workflow-stack.ts';

/** Statuses a job does not leave without a human (`accept`) or at all. */
const SETTLED: ReadonlySet<JobStatus> = new Set(['awaiting_review', 'done', 'failed', 'expired']);

export interface JobConcurrencyResult {
  jobs: number;
  variantsPerJob: number;
  /** Jobs that reached `awaiting_review` before the deadline. */
  awaitingReview: number;
  failed: number;
  /** Jobs still queued or generating at the deadline. */
  unsettled: number;
  /** First POST sent → the last job seen in `awaiting_review` (or the deadline). */
  wallSeconds: number;
  /** Per job: the common start → first seen in `awaiting_review` (polled every `pollMs`). */
  toAwaitingReview: LatencySummary;
  /** Per job: its own POST /jobs sent → 201. */
  createAck: LatencySummary;
  pollMs: number;
  timeoutSeconds: number;
  /** `GET /jobs` polls the API answered with an error (counted, then polled again). */
  pollErrors: number;
  /** The first failed job's error, as the job row records it. */
  firstError?: string;
  firstPollError?: string;
}

/**
 * `jobs` jobs created at once with `POST /jobs` (each starts its workflow), then `GET /jobs` is
 * polled until every one has settled: the time until all are `awaiting_review`.
 */
export async function measureJobConcurrency(
  stack: WorkflowStack,
  options: { jobs: number; variants: number; timeoutMs: number; pollMs?: number },
): Promise<JobConcurrencyResult> {
  const pollMs = options.pollMs ?? 200;
  const preset = PresetSchema.parse(
    JSON.parse(
      (
        await stack.send('POST', '/presets', {
          name: `bench-concurrency-${Date.now()}`,
          template: '## Notes for {{version}}\n\n{{changes}}',
          parameters: { version: '1.0', changes: ['one', 'two'] },
          variant_count: options.variants,
        })
      ).body,
    ),
  );
  const ids = new Set<string>();
  const createAck: number[] = [];
  const start = nowMs();
  const created = await Promise.allSettled(
    Array.from({ length: options.jobs }, async () => {
      const { body } = await stack.send('POST', '/jobs', { preset_id: preset.id });
      createAck.push(nowMs() - start);
      ids.add(CreateJobResponse.parse(JSON.parse(body)).id);
    }),
  );
  const refused = created.filter((outcome) => outcome.status === 'rejected');
  for (const [reason, count] of tally(refused.map((outcome) => String(outcome.reason)))) {
    console.error(`concurrency: POST /jobs refused ${count}×: ${reason}`);
  }

  const awaitingAt = new Map<string, number>();
  const statuses = new Map<string, { status: JobStatus; error: string | null }>();
  const deadline = start + options.timeoutMs;
  let pollErrors = 0;
  let firstPollError: string | undefined;
  for (;;) {
    // A failed poll is counted and reported, not fatal: the jobs' own outcome is what is measured.
    const page = await stack.send('GET', `/jobs?limit=100&preset=${preset.id}`).then(
      ({ body }) => JobListResponse.parse(JSON.parse(body)).items,
      (error: unknown) => {
        pollErrors += 1;
        firstPollError ??= String(error).slice(0, 300);
        return [];
      },
    );
    for (const job of page) {
      if (!ids.has(job.id)) continue;
      statuses.set(job.id, { status: job.status, error: job.error });
      if (job.status === 'awaiting_review' && !awaitingAt.has(job.id)) {
        awaitingAt.set(job.id, nowMs() - start);
      }
    }
    const settled = [...statuses.values()].filter((job) => SETTLED.has(job.status)).length;
    if (settled === ids.size || nowMs() > deadline) break;
    await sleep(pollMs);
  }
  const final = [...statuses.values()];
  const failed = final.filter((job) => job.status === 'failed');
  for (const [error, count] of tally(failed.map((job) => job.error ?? '(no error recorded)'))) {
    console.error(`concurrency: ${count} job(s) failed: ${error.slice(0, 300)}`);
  }
  const toAwaitingReview = [...awaitingAt.values()];
  return {
    jobs: options.jobs,
    variantsPerJob: options.variants,
    awaitingReview: awaitingAt.size,
    failed: failed.length + refused.length,
    unsettled: ids.size - final.filter((job) => SETTLED.has(job.status)).length,
    wallSeconds: round(Math.max(...toAwaitingReview, 0) / 1000),
    toAwaitingReview: summariseLatencies(toAwaitingReview),
    createAck: summariseLatencies(createAck),
    pollMs,
    timeoutSeconds: options.timeoutMs / 1000,
    pollErrors,
    ...(failed[0]?.error ? { firstError: failed[0].error.slice(0, 300) } : {}),
    ...(firstPollError === undefined ? {} : { firstPollError }),
  };
}

/** Distinct messages with how often each came, without the request id that makes each unique. */
function tally(messages: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const key = message.replace(/"request_id":"[^"]*"/, '"request_id":…');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
