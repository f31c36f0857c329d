import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDocsFormatRuns,
  startJobs,
  startProductUnderLoad,
  waitUntil,
  type ProductUnderLoad,
} from '@kyros/test-support/stacks/product-under-load';
import {
  acceptFirstVariants,
  jobStatusCounts,
  expectEveryTaskRunEndedOnce,
} from '@kyros/test-support/stacks/product-checks';

const JOBS = 10;
const TASK_RUNS = 10;

interface Readiness {
  status: number;
  failing: string[];
}

async function readiness(product: ProductUnderLoad): Promise<Readiness> {
  const response = await fetch(`${product.apiUrl}/readyz`);
  const body = (await response.json()) as { failing?: string[] };
  return { status: response.status, failing: body.failing ?? [] };
}

/**
 * SIGKILLs the embedded server and holds its port, so the supervisor's restart has to wait:
 * the outage lasts until `release()`, long enough to be seen, however fast recovery is.
 */
async function killAndHoldPort(dataDir: string): Promise<{ pid: number; release(): void }> {
  const lines = (
    await readFile(path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'), 'utf8')
  ).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  process.kill(pid, 'SIGKILL');
  // Accepts and drops every connection: PostgreSQL is "down" for every client.
  const blocker = net.createServer((socket) => socket.destroy());
  const deadline = Date.now() + 5_000;
  for (;;) {
    const bound = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) break;
    if (Date.now() > deadline) throw new Error(`port ${port} never came free after the kill`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { pid, release: () => blocker.close() };
}

/** Terminates every backend of the product's database, again and again, for `ms`. */
async function terminateBackendsFor(adminUrl: string, database: string, ms: number) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let terminated = 0;
  try {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const { rowCount } = await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      terminated += rowCount ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
  return terminated;
}

describe('a database fault while jobs and task runs are in flight', () => {
  let product: ProductUnderLoad;
  let jobIds: string[];
  let taskIds: string[];

  beforeAll(async () => {
    product = await startProductUnderLoad({ files: TASK_RUNS });
    [jobIds, taskIds] = await Promise.all([
      startJobs(product, JOBS),
      startDocsFormatRuns(product, TASK_RUNS),
    ]);
  }, 300_000);

  afterAll(async () => {
    await product?.stop();
  });

  // The embedded lane kills the server; on TEST_DATABASE_URL's shared server the fault is every
  // connection of the product's database cut, again and again.
  const external = Boolean(process.env.TEST_DATABASE_URL);
  it(
    external
      ? 'connections cut again and again on the external PostgreSQL'
      : 'SIGKILL of the embedded PostgreSQL: /readyz names the database, the supervisor restarts it',
    async () => {
      // In flight: generation and executors have started, nothing has finished.
      await waitUntil(
        async () => ((await jobStatusCounts(product, jobIds)).generating ?? 0) > 0,
        async () => JSON.stringify(await jobStatusCounts(product, jobIds)),
      );
      if (external) {
        const database = product.externalDatabase;
        const adminUrl = process.env.TEST_DATABASE_URL;
        if (!database || !adminUrl) throw new Error('no external database');
        const name = new URL(database.url).pathname.slice(1);
        expect(await terminateBackendsFor(adminUrl, name, 4_000)).toBeGreaterThan(0);
        return;
      }
      const outage = await killAndHoldPort(product.dataDir);
      try {
        await waitUntil(
          async () => (await readiness(product)).failing.includes('database'),
          async () =>
            `${JSON.stringify(await readiness(product))}\n${product.run.output().slice(-4000)}`,
          60_000,
        );
        expect((await readiness(product)).status).toBe(503);
      } finally {
        outage.release();
      }
      await waitUntil(
        async () => (await readiness(product)).status === 200,
        async () =>
          `${JSON.stringify(await readiness(product))}\n${product.run.output().slice(-4000)}`,
        90_000,
      );
      expect(product.run.output()).toContain('embedded PostgreSQL exited (SIGKILL)');
      // The supervisor's line can reach its pipe after the API already answers again.
      await waitUntil(
        () => Promise.resolve(product.run.output().includes('embedded PostgreSQL is back')),
        () => product.run.output().slice(-4000),
        10_000,
      );
    },
    180_000,
  );

  it('carries every job to done after accept, nothing lost and nothing doubled', async () => {
    await waitUntil(
      async () => (await jobStatusCounts(product, jobIds)).awaiting_review === JOBS,
      async () => JSON.stringify(await jobStatusCounts(product, jobIds)),
    );
    await acceptFirstVariants(product, jobIds);
    await waitUntil(
      async () => (await jobStatusCounts(product, jobIds)).done === JOBS,
      async () => JSON.stringify(await jobStatusCounts(product, jobIds)),
    );
    for (const jobId of jobIds) {
      const { job, variants } = await product.jobs.getJob(jobId);
      expect(variants, `job ${jobId}`).toHaveLength(job.variant_count);
      expect(variants.filter((variant) => variant.status === 'exported')).toHaveLength(1);
    }
  }, 300_000);

  it('carries every task run to review, each file formatted once and no lease left', async () => {
    await expectEveryTaskRunEndedOnce(product, taskIds);
  }, 300_000);
});
