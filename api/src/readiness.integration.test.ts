import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireServices } from '@kyros/contracts/config';
import { ReadinessResponse } from '@kyros/contracts/schemas/health';
import {
  createKyrosWorker,
  WORKFLOWS_PATH,
  type KyrosWorker,
} from '@kyros/activities/create-worker';
import { readinessProbe } from '@kyros/workflows/readiness-probe';
import { freePort } from '@kyros/scripts/free-port';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { startTestTemporal } from '@kyros/test-support/temporal/test-temporal';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startApi, type RunningApi } from './server.ts';

const ADMIN = { email: 'ops@readyz.test', password: 'readiness-admin-password' };

async function report(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: ReadinessResponse.parse(await response.json()) };
}

/** Polls until the predicate holds, keeping every answer; the bound only stops a broken run. */
async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean) {
  const deadline = Date.now() + 60_000;
  const seen = [await probe()];
  while (!accept(seen.at(-1) as T) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen.push(await probe());
  }
  return { last: seen.at(-1) as T, seen };
}

const check = (body: ReadinessResponse, name: string) => body.checks.find((c) => c.name === name);

describe('/readyz and /diagnostics against real dependencies', () => {
  let dataDir: string;
  let database: TestDatabase;
  let temporalPort: number;
  let temporal: TemporalDevServer | undefined;
  let kyrosWorker: KyrosWorker | undefined;
  let workerRun: Promise<void> | undefined;
  let api: RunningApi;
  let operator: Record<string, string>;

  const readiness = () => report(`${api.url}/readyz`);
  const diagnostics = () => report(`${api.url}/diagnostics`, operator);

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
    api = await startApi(
      configFor({ KYROS_ADMIN_EMAIL: ADMIN.email, KYROS_ADMIN_PASSWORD: ADMIN.password }),
      { port: 0 },
    );
    const login = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    operator = { authorization: `Bearer ${token}` };
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

  it('is 503 naming temporal while Temporal is down', async () => {
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.failing).toEqual(['temporal']);
    // Without Temporal no round trip can complete either; reported, but it is not what gates.
    expect(body.degraded).toEqual(['task_queue']);
    expect(check(body, 'task_queue')).toMatchObject({ ok: false, gating: false });
    expect(check(body, 'database')?.ok).toBe(true);
    expect(check(body, 'collaboration_dir')?.ok).toBe(true);
  });

  it('keeps deep diagnostics for operators, with every check live', async () => {
    expect((await fetch(`${api.url}/diagnostics`)).status).toBe(401);
    const { status, body } = await diagnostics();
    expect(status).toBe(503);
    expect(body.failing).toEqual(expect.arrayContaining(['temporal', 'task_queue']));
    expect(body.checks.every((c) => c.gating === undefined)).toBe(true);
  });

  it('is 200 and degraded while Temporal is up but no worker polls the task queue', async () => {
    temporal = await startTestTemporal(temporalPort);
    const { last, seen } = await eventually(
      readiness,
      (r) => r.body.degraded.length > 0 && r.status === 200,
    );
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'degraded', failing: [], degraded: ['task_queue'] });
    expect(seen.every((r) => r.status === 200 || r.body.failing.includes('temporal'))).toBe(true);
    const deep = await diagnostics();
    expect(deep.status).toBe(503);
    expect(deep.body.failing).toEqual(['task_queue']);
  });

  it('is ready, every check green, once a worker answers', async () => {
    kyrosWorker = await createKyrosWorker(configFor({}).temporal);
    workerRun = kyrosWorker.worker.run();
    const { last } = await eventually(readiness, (r) => r.body.status === 'ready');
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'ready', failing: [], degraded: [] });
    expect(last.body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['temporal', true],
      ['task_queue', true],
      ['collaboration_dir', true],
    ]);
    expect((await diagnostics()).status).toBe(200);
  });

  it('stays 200 while the only worker is saturated, reporting the round trip as degraded', async () => {
    // The product's worker goes; one whose only activity slot is held by other work takes over.
    kyrosWorker?.worker.shutdown();
    await workerRun;
    await kyrosWorker?.connection.close();
    kyrosWorker = undefined;
    const busy = saturatedWorker();
    const connection = await NativeConnection.connect({ address: `127.0.0.1:${temporalPort}` });
    const worker = await Worker.create({
      connection,
      taskQueue: configFor({}).temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: { readinessEcho: busy.readinessEcho },
      maxConcurrentActivityTaskExecutions: 1,
    });
    const running = worker.run();
    const client = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${temporalPort}` }),
    });
    try {
      for (const id of ['busy-1', 'busy-2']) {
        await client.workflow.start(readinessProbe, {
          taskQueue: configFor({}).temporal.taskQueue,
          workflowId: id,
          args: [id],
        });
      }
      await busy.slotTaken;

      const { last, seen } = await eventually(readiness, (r) =>
        r.body.degraded.includes('task_queue'),
      );
      expect(seen.map((r) => r.status)).toEqual(seen.map(() => 200));
      expect(last.body).toMatchObject({
        status: 'degraded',
        failing: [],
        degraded: ['task_queue'],
      });
      expect(check(last.body, 'task_queue')?.detail).toMatch(/timed out/i);
      // A load balancer's burst of probes: every one answered at once, all 200.
      const burst = await Promise.all(Array.from({ length: 10 }, () => readiness()));
      expect(burst.map((r) => r.status)).toEqual(burst.map(() => 200));
      const deep = await diagnostics();
      expect(deep.status).toBe(503);
      expect(deep.body.failing).toEqual(['task_queue']);

      busy.release();
      const recovered = await eventually(readiness, (r) => r.body.status === 'ready');
      expect(recovered.last.status).toBe(200);
    } finally {
      busy.release();
      worker.shutdown();
      await running;
      await client.connection.close();
      await connection.close();
    }
  });

  it('names the collaboration directory when it can no longer be written', async () => {
    const collabDir = path.join(dataDir, 'collab-going-away');
    const other = await startApi(configFor({ KYROS_COLLAB_DIR: collabDir }), { port: 0 });
    try {
      await rm(collabDir, { recursive: true });
      await writeFile(collabDir, 'a file where the directory should be');
      const { status, body } = await report(`${other.url}/readyz`);
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
      const { status, body } = await report(`${unmigrated.url}/readyz`);
      expect(status).toBe(503);
      expect(body.failing).toEqual(['database']);
      expect(check(body, 'database')?.detail).toMatch(/not applied/);
    } finally {
      await unmigrated.close();
      await fresh.drop();
    }
  });

  it('turns 503 naming the database once the database is really gone', async () => {
    expect((await readiness()).status).toBe(200);
    await database.drop();
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.failing).toEqual(['database']);
    expect(check(body, 'database')?.detail).toMatch(/does not exist|terminat/);
  });
});

/**
 * The readiness probe's activity for a worker that is busy: probes named `busy-…` hold the
 * activity slot until released; any other probe would answer, if it ever got a slot.
 */
function saturatedWorker() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let slotTaken = () => {};
  const taken = new Promise<void>((resolve) => (slotTaken = resolve));
  return {
    slotTaken: taken,
    release: () => release(),
    readinessEcho: async (nonce: string): Promise<string> => {
      if (!nonce.startsWith('busy-')) return nonce;
      slotTaken();
      await released;
      return nonce;
    },
  };
}
