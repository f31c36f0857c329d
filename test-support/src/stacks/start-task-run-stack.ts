import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig, requireServices, type ServicesConfig } from '@kyros/contracts/config';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startTestTemporal } from '../temporal/test-temporal.ts';
import { TemporalGateway } from '@kyros/api/adapters/temporal-gateway';
import { inProcessWorkers } from '../worker/in-process-workers.ts';
import { startCollabTestApi } from '../api/start-collab-test-api.ts';
import type { TestAuth } from '../api/test-auth.ts';
import { ensureLeaseReaperSchedule } from '@kyros/api/schedules/lease-reaper-schedule';
import { executorFaults, type ExecutorFaults } from '../worker/executor-faults.ts';

/**
 * Everything a task run touches, real and local: a Temporal dev server, the API (collaboration
 * store on a temp dir, run/cancel routes wired to Temporal) on an ephemeral port, a temp
 * workspace, and an in-process worker whose activities reach the API over HTTP.
 */
export interface TaskRunStack {
  apiUrl: string;
  temporalAddress: string;
  /** Authenticated with the stack's `agent` API key (the one its workers use too). */
  collab: CollabClient;
  auth: TestAuth;
  /** `Authorization` of the agent key, for raw `fetch` calls. */
  authHeaders: Record<string, string>;
  temporal: Client;
  workspaceRoot: string;
  config: ServicesConfig;
  /** Faults the next executor attempts of the stack's in-process workers meet. */
  faults: ExecutorFaults;
  /** Starts (another) in-process worker; the stack stops every worker it started. */
  startWorker(): Promise<KyrosWorker>;
  /** Shuts down every in-process worker started so far (they finish in-flight tasks). */
  stopWorkers(): Promise<void>;
  /** The environment a worker child process needs to serve this stack. */
  workerEnv(): Record<string, string>;
  close(): Promise<void>;
}

export async function startTaskRunStack(): Promise<TaskRunStack> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-task-run-'));
  const workspaceRoot = path.join(root, 'workspace');
  await mkdir(workspaceRoot);
  const server: TemporalDevServer = await startTestTemporal();
  const env = {
    KYROS_DATA_DIR: path.join(root, 'data'),
    WORKSPACE_ROOT: workspaceRoot,
    TEMPORAL_ADDRESS: server.address,
    // Task runs never touch the database; the flow executor is not part of these tests.
    DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  };
  const config = requireServices(loadConfig(env));
  const gateway = new TemporalGateway({ ...config.temporal, connectTimeoutMs: 5_000 });
  await mkdir(config.collabDir, { recursive: true });
  const api = await startCollabTestApi({
    dir: config.collabDir,
    clock: 'real',
    taskRuns: {
      temporalClient: () => gateway.client(),
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      uiUrl: config.temporal.uiUrl,
    },
  });
  const { url } = api;
  const collab = api.client;
  const workerKey = api.auth.serviceKey;
  const workers = inProcessWorkers();
  const faults = executorFaults();
  // As the API's start-up does (server.ts): the API owns every Temporal Schedule.
  await ensureLeaseReaperSchedule(await gateway.client(), config.temporal.taskQueue);

  return {
    apiUrl: url,
    temporalAddress: server.address,
    collab,
    auth: api.auth,
    authHeaders: api.authHeaders,
    temporal: await gateway.client(),
    workspaceRoot,
    config,
    faults,
    startWorker: () =>
      workers.start(() =>
        createKyrosWorker(config.temporal, {
          activities: {
            // Its own client, as the worker process builds it: KYROS_API_KEY as the bearer token.
            collab: createKyrosClient({ baseUrl: url, credential: workerKey }).collab,
            workspaceRoot,
            artifactsDir: config.artifactsDir,
            // Renew on (nearly) every beat, so the tests exercise renewal, not just acquisition.
            leaseRenewIntervalMs: 500,
          },
          wrapActivities: faults.wrap,
        }),
      ),
    stopWorkers: () => workers.stopAll(),
    workerEnv: () => ({ ...env, API_URL: url, KYROS_API_KEY: workerKey, LOG_LEVEL: 'info' }),
    async close() {
      await workers.stopAll();
      await gateway.close();
      await api.close();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
