import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireServices } from '@kyros/contracts/config';
import { ReadinessResponse } from '@kyros/contracts/schemas/health';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import { freePort } from '@kyros/scripts/free-port';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { startTestTemporal } from '@kyros/test-support/temporal/test-temporal';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startApi, type RunningApi } from './server.ts';

async function readiness(api: RunningApi) {
  const response = await fetch(`${api.url}/readyz`);
  return { status: response.status, body: ReadinessResponse.parse(await response.json()) };
}

/** Polls until the predicate holds; the bound only stops a broken run from hanging. */
async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  boundMs = 60_000,
) {
  const deadline = Date.now() + boundMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await probe();
  }
  return value;
}

describe('/readyz against real dependencies', () => {
  let dataDir: string;
  let database: TestDatabase;
  let temporalPort: number;
  let temporal: TemporalDevServer | undefined;
  let kyrosWorker: KyrosWorker | undefined;
  let workerRun: Promise<void> | undefined;
  let api: RunningApi;

  const configFor = (overrides: Record<string, string>) =>
    requireServices(
      loadConfig({
        KYROS_DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        LOG_LEVEL: 'silent',
        READINESS_TIMEOUT_MS: '3000',
        ...overrides,
      }),
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-readyz-'));
    database = await createTestDatabase({ migrated: true });
    temporalPort = await freePort();
    api = await startApi(configFor({}), { port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    kyrosWorker?.worker.shutdown();
    await workerRun;
    await kyrosWorker?.connection.close();
    await temporal?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is 503 naming temporal and the task queue while Temporal is down', async () => {
    const { status, body } = await readiness(api);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.failing).toEqual(expect.arrayContaining(['temporal', 'task_queue']));
    expect(body.checks.find((c) => c.name === 'database')?.ok).toBe(true);
    expect(body.checks.find((c) => c.name === 'collaboration_dir')?.ok).toBe(true);
  });

  it('is 503 naming the task queue while Temporal is up but no worker polls it', async () => {
    temporal = await startTestTemporal(temporalPort);
    const { status, body } = await eventually(
      () => readiness(api),
      (r) => !r.body.failing.includes('temporal'),
    );
    expect(status).toBe(503);
    expect(body.failing).toEqual(['task_queue']);
  });

  it('is 200 with every check green once Temporal and a worker are up', async () => {
    kyrosWorker = await createKyrosWorker(configFor({}).temporal);
    workerRun = kyrosWorker.worker.run();
    const { status, body } = await eventually(
      () => readiness(api),
      (r) => r.status === 200,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', failing: [] });
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['temporal', true],
      ['task_queue', true],
      ['collaboration_dir', true],
    ]);
  });

  it('names the collaboration directory when it can no longer be written', async () => {
    const collabDir = path.join(dataDir, 'collab-going-away');
    const other = await startApi(configFor({ KYROS_COLLAB_DIR: collabDir }), { port: 0 });
    try {
      await rm(collabDir, { recursive: true });
      await writeFile(collabDir, 'a file where the directory should be');
      const { status, body } = await readiness(other);
      expect(status).toBe(503);
      expect(body.failing).toEqual(['collaboration_dir']);
    } finally {
      await other.close();
    }
  });

  it('names the database when a migration is missing', async () => {
    const fresh = await createTestDatabase();
    const unmigrated = await startApi(configFor({ DATABASE_URL: fresh.url }), { port: 0 });
    try {
      const { status, body } = await readiness(unmigrated);
      expect(status).toBe(503);
      expect(body.failing).toEqual(['database']);
      expect(body.checks.find((c) => c.name === 'database')?.detail).toMatch(/not applied/);
    } finally {
      await unmigrated.close();
      await fresh.drop();
    }
  });
});
