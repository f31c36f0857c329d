import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { pino } from 'pino';
import type { Client } from '@temporalio/client';
import { loadConfig, requireServices, type ServicesConfig } from '@kyros/contracts/config';
import { createCollabClient, type CollabClient } from '@kyros/contracts/collab-client';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startTestTemporal } from '@kyros/scripts/testing/test-temporal';
import { TemporalGateway } from '../../adapters/temporal-gateway.ts';
import { createApp } from '../../app.ts';
import { listen } from '../../http/listen.ts';
import { openCollaboration } from '../open-collaboration.ts';

/**
 * Everything a task run touches, real and local: a Temporal dev server, the API (collaboration
 * store on a temp dir, run/cancel routes wired to Temporal) on an ephemeral port, a temp
 * workspace, and an in-process worker whose activities reach the API over HTTP.
 */
export interface TaskRunStack {
  apiUrl: string;
  temporalAddress: string;
  collab: CollabClient;
  temporal: Client;
  workspaceRoot: string;
  config: ServicesConfig;
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
  const config = requireServices(
    loadConfig({
      KYROS_DATA_DIR: path.join(root, 'data'),
      WORKSPACE_ROOT: workspaceRoot,
      TEMPORAL_ADDRESS: server.address,
      // Task runs never touch the database; the flow executor is not part of these tests.
      DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    }),
  );
  const logger = pino({ level: 'silent' });
  const gateway = new TemporalGateway({ ...config.temporal, connectTimeoutMs: 5_000 });
  await mkdir(config.collabDir, { recursive: true });
  const collaboration = await openCollaboration({
    dir: config.collabDir,
    logger,
    taskRuns: {
      temporalClient: () => gateway.client(),
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      uiUrl: config.temporal.uiUrl,
    },
  });
  const ready = () => Promise.resolve('not under test');
  const app = createApp({
    logger,
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: { database: ready, temporal: ready, task_queue: ready, collaboration_dir: ready },
    modules: collaboration.modules,
  });
  const { server: http, url } = await listen(app, 0, '127.0.0.1');
  const collab = createCollabClient({ baseUrl: url });
  const workers: { kyros: KyrosWorker; running: Promise<void> }[] = [];

  async function stopWorkers(): Promise<void> {
    const stopping = workers.splice(0);
    for (const { kyros } of stopping) {
      if (kyros.worker.getState() === 'RUNNING') kyros.worker.shutdown();
    }
    await Promise.allSettled(stopping.map(({ running }) => running));
    await Promise.allSettled(stopping.map(({ kyros }) => kyros.connection.close()));
  }

  return {
    apiUrl: url,
    temporalAddress: server.address,
    collab,
    temporal: await gateway.client(),
    workspaceRoot,
    config,
    async startWorker() {
      const kyros = await createKyrosWorker(config.temporal, {
        activities: {
          collab,
          workspaceRoot,
          artifactsDir: config.artifactsDir,
          testHooks: true,
          // Renew on (nearly) every beat, so the tests exercise renewal, not just acquisition.
          leaseRenewIntervalMs: 500,
        },
      });
      workers.push({ kyros, running: kyros.worker.run() });
      return kyros;
    },
    stopWorkers,
    workerEnv: () => ({
      KYROS_DATA_DIR: path.join(root, 'data'),
      WORKSPACE_ROOT: workspaceRoot,
      TEMPORAL_ADDRESS: server.address,
      API_URL: url,
      DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
    }),
    async close() {
      await stopWorkers();
      await gateway.close();
      await closeServer(http);
      collaboration.stopReaders();
      await collaboration.close();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
