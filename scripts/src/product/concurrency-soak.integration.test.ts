import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readAllEvents,
  startDocsFormatRuns,
  startJobs,
  startProductUnderLoad,
  waitUntil,
  writeEvents,
  type ProductUnderLoad,
} from '@kyros/test-support/stacks/product-under-load';
import {
  acceptFirstVariants,
  activityFailures,
  DATABASE_ERROR,
  jobStatusCounts,
  expectEveryTaskRunEndedOnce,
} from '@kyros/test-support/stacks/product-checks';

const JOBS = 30;
const TASK_RUNS = 30;
const EVENT_WRITERS = 16;
const EVENTS_PER_WRITER = 25;

// Issue 10: on PGlite, 20 jobs at once left 11 failed. Everything here runs at the same time.
describe('the product under concurrent jobs, task runs and event writers', () => {
  let product: ProductUnderLoad;
  let jobIds: string[];
  let taskIds: string[];
  let acknowledged: number[];

  beforeAll(async () => {
    product = await startProductUnderLoad({ files: TASK_RUNS });
    [jobIds, taskIds, acknowledged] = await Promise.all([
      startJobs(product, JOBS),
      startDocsFormatRuns(product, TASK_RUNS),
      writeEvents(product, EVENT_WRITERS, EVENTS_PER_WRITER, 'soak'),
    ]);
  }, 300_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('carries every job to done after accept, with exactly its variants', async () => {
    await waitUntil(
      async () => (await jobStatusCounts(product, jobIds)).awaiting_review === JOBS,
      async () => JSON.stringify(await jobStatusCounts(product, jobIds)),
    );
    await acceptFirstVariants(product, jobIds);
    await waitUntil(
      async () => (await jobStatusCounts(product, jobIds)).done === JOBS,
      async () => JSON.stringify(await jobStatusCounts(product, jobIds)),
    );
    expect(await jobStatusCounts(product, jobIds)).toEqual({ done: JOBS });
    for (const jobId of jobIds) {
      const { job, variants } = await product.jobs.getJob(jobId);
      expect(variants, `job ${jobId}`).toHaveLength(job.variant_count);
      expect(variants.map((variant) => variant.status).sort()).toEqual([
        'exported',
        ...Array<string>(job.variant_count - 1).fill('rejected'),
      ]);
    }
  }, 300_000);

  it('brings every task run to review with its file formatted and no lease left', async () => {
    await expectEveryTaskRunEndedOnce(product, taskIds);
  }, 300_000);

  it('keeps every acknowledged event of the concurrent writers, once', async () => {
    expect(acknowledged).toHaveLength(EVENT_WRITERS * EVENTS_PER_WRITER);
    const probes = (await readAllEvents(product)).filter((e) => e.event === 'load_probe');
    expect(probes.map((e) => e.id).sort((a, b) => a - b)).toEqual(
      [...acknowledged].sort((a, b) => a - b),
    );
  });

  it('sees no activity fail on a database error', async () => {
    const failures = await activityFailures(product, [
      ...jobIds.map((id) => `job-${id}`),
      ...taskIds.map((id) => `task-${id}`),
    ]);
    expect(failures.filter((failure) => DATABASE_ERROR.test(failure.message))).toEqual([]);
  });
});
