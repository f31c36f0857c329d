import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ApiKeyCreatedResponse, TokenResponse } from '@kyros/contracts/schemas/auth';
import { freePort } from '@kyros/scripts/free-port';
import { closeOwnTestServer, createTestDatabase } from '@kyros/test-support/database/test-database';
import { startTestTemporal } from '@kyros/test-support/temporal/test-temporal';
import { LoadClient, type LoadResponse } from '../collab/load-client.ts';
import type { Cleanup } from '../collab/cleanup.ts';
import { BASELINE_TASK_QUEUE } from './baseline-activities.ts';
import { childPidsNamed } from '../collab/cpu-meter.ts';
import { startTsChild, type TsChild } from '@kyros/scripts/ts-child-process';

const KYROS_TASK_QUEUE = 'kyros';

export interface WorkflowStack {
  apiUrl: string;
  /** A request to the API as the bench's admin. */
  send(method: string, path: string, body?: unknown): Promise<LoadResponse>;
  temporal: Client;
  workspaceRoot: string;
  /** The pid of each process the stack runs, by role, for CPU time per task. */
  processes: Record<string, number>;
}

/**
 * Everything real, each in its own process: a Temporal dev server (in memory), the API
 * (`api/src/main.ts`, run routes wired to Temporal), the Kyros worker (`activities/src/worker.ts`)
 * and the baseline's worker; plus the API's database (a migrated database on an embedded PostgreSQL this
 * process starts, or on TEST_DATABASE_URL's PostgreSQL). The bench signs in as the admin the API
 * creates from KYROS_ADMIN_*, and mints the worker's agent API key as `npm start` does. Every
 * piece is registered with `cleanup` as soon as it exists.
 */
export async function startWorkflowStack(options: {
  root: string;
  logLevel: string;
  cleanup: Cleanup;
  /** Run the Kyros worker under `node --cpu-prof`, writing its profile here on exit. */
  profileWorkerDir?: string;
  /** The same for the API. */
  profileApiDir?: string;
  /** Keep each child's whole output in `<logDir>/<name>.log` (why a job failed). */
  logDir?: string;
}): Promise<WorkflowStack> {
  const { root, cleanup } = options;
  const workspaceRoot = path.join(root, 'workspace');
  const dataDir = path.join(root, 'data');
  await mkdir(workspaceRoot, { recursive: true });
  if (options.logDir) await mkdir(options.logDir, { recursive: true });

  // The embedded server this process starts for it goes last (cleanup runs in reverse).
  cleanup.add('embedded PostgreSQL', closeOwnTestServer);
  const db = await createTestDatabase({ migrated: true });
  cleanup.add('database', () => db.drop());

  const server = await startTestTemporal();
  cleanup.add('Temporal dev server', () => server.stop());
  const connection = await Connection.connect({ address: server.address });
  cleanup.add('Temporal client', () => connection.close());
  const client = new Client({ connection });

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: options.logLevel,
    KYROS_DATA_DIR: dataDir,
    WORKSPACE_ROOT: workspaceRoot,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: db.url,
  };
  const admin = {
    email: 'bench-admin@kyros.invalid',
    password: randomBytes(18).toString('base64url'),
  };
  const start = (
    name: string,
    entry: string,
    env: Record<string, string>,
    nodeArgs: string[] = [],
  ): TsChild => {
    const log = options.logDir
      ? createWriteStream(path.join(options.logDir, `${name.replaceAll(' ', '-')}.log`))
      : undefined;
    if (log) cleanup.add(`${name} log`, () => new Promise((resolve) => log.end(resolve)));
    const child = startTsChild({
      name,
      entry,
      env: { PATH: process.env.PATH ?? '', ...env },
      nodeArgs,
      keepChars: 4000,
      ...(log ? { onOutput: (chunk: Buffer) => log.write(chunk) } : {}),
    });
    cleanup.add(`${name} (pid ${child.pid})`, async () => {
      await child.stop();
    });
    return child;
  };

  const api = start(
    'API',
    'api/src/main.ts',
    {
      ...common,
      KYROS_BIND_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      KYROS_JWT_SECRET: randomBytes(48).toString('base64url'),
      KYROS_ADMIN_EMAIL: admin.email,
      KYROS_ADMIN_PASSWORD: admin.password,
      KYROS_ACCESS_TOKEN_TTL_SECONDS: '86400',
      // The rate limiters are not under test: 0 turns them off.
      KYROS_RATE_LIMIT: '0',
      KYROS_AUTH_RATE_LIMIT: '0',
    },
    cpuProfile(options.profileApiDir),
  );
  const apiClient = new LoadClient(apiUrl);
  cleanup.add('API client', () => Promise.resolve(apiClient.close()));
  await api.waitUntil(
    '/healthz',
    async () => (await apiClient.send('GET', '/healthz')).status < 300,
  );
  const login = TokenResponse.parse(
    JSON.parse((await apiClient.send('POST', '/auth/login', { body: admin })).body),
  );
  const headers = { authorization: `Bearer ${login.access_token}` };
  const send = (method: string, route: string, body?: unknown) =>
    apiClient.send(method, route, { headers, ...(body === undefined ? {} : { body }) });
  // A service key, as npm start mints for its worker: it acts as the workflows it runs.
  const workerKey = ApiKeyCreatedResponse.parse(
    JSON.parse(
      (await send('POST', '/auth/api-keys', { name: 'bench-worker', role: 'agent', service: true }))
        .body,
    ),
  );

  const worker = start(
    'Kyros worker',
    'activities/src/worker.ts',
    { ...common, API_URL: apiUrl, KYROS_API_KEY: workerKey.secret },
    cpuProfile(options.profileWorkerDir),
  );
  const baseline = start('baseline worker', 'bench/workflows/baseline-worker.ts', {
    TEMPORAL_ADDRESS: server.address,
  });
  await Promise.all([
    worker.waitUntil('a poller', () => polled(client, KYROS_TASK_QUEUE), 120_000),
    baseline.waitUntil('a poller', () => polled(client, BASELINE_TASK_QUEUE), 120_000),
  ]);
  // The embedded server this process started is its `postgres` child; an external one is not ours.
  const [postgres] = childPidsNamed('postgres');
  const processes: Record<string, number> = {
    api: api.pid,
    worker: worker.pid,
    temporal: server.process.pid ?? -1,
    ...(postgres === undefined ? {} : { postgres }),
    baselineWorker: baseline.pid,
  };
  return { apiUrl, send, temporal: client, workspaceRoot, processes };
}

/** `node --cpu-prof` into `dir`, when asked. */
function cpuProfile(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** A worker is serving a task queue once it polls it for both workflow and activity tasks. */
async function polled(client: Client, taskQueue: string): Promise<boolean> {
  // TaskQueueType: TASK_QUEUE_TYPE_WORKFLOW = 1, TASK_QUEUE_TYPE_ACTIVITY = 2.
  const types = [1, 2];
  for (const taskQueueType of types) {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType,
    });
    if (!pollers?.length) return false;
  }
  return true;
}
