import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Client as TemporalClient } from '@temporalio/client';
import { createKyrosClient } from '@kyros/contracts/client';
import { createKyrosWorker } from '@kyros/activities/create-worker';
import { createPrismaClient } from '@kyros/db/client';
import { TemporalGateway } from '@kyros/api/adapters/temporal-gateway';
import { createAuditLog } from '@kyros/api/audit/prisma-audit-log';
import type { TaskRunDeps } from '@kyros/api/collab/operations/task-run-deps';
import type { EventLog } from '@kyros/api/collab/events/event-log';
import { startJobs, type JobsDeps } from '@kyros/api/jobs/jobs-module';
import { resolveRunnableTool } from '@kyros/api/tools/operations/resolve-runnable-tool';
import { loadConfig, requireServices } from '@kyros/contracts/config';
import { startTestTemporal } from '../temporal/test-temporal.ts';
import { executorFaults, type ExecutorFaults } from '../worker/executor-faults.ts';
import { inProcessWorkers } from '../worker/in-process-workers.ts';
import type { TestAuth } from '../api/test-auth.ts';

/**
 * What the run and job tools reach, real and local: a Temporal dev server, a temp workspace and
 * artifacts directory, and (once the API listens) an in-process worker whose activities call the
 * API over HTTP with the service key and write jobs to the test database.
 */
export interface McpRunServices {
  temporal: TemporalClient;
  workspaceRoot: string;
  faults: ExecutorFaults;
  /** Temporal access for the run routes (the test API adds the tools gate). */
  taskRuns: Omit<TaskRunDeps, 'resolveTool'>;
  /** Task runs and jobs for the MCP and jobs modules, on the test's database and event log. */
  deps(context: { auth: TestAuth; log: EventLog }): { taskRuns: TaskRunDeps; jobs: JobsDeps };
  /** Seeds the default presets and starts the worker against the listening API. */
  start(apiUrl: string, auth: TestAuth): Promise<void>;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

export async function startMcpRunServices(): Promise<McpRunServices> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-mcp-runs-'));
  const workspaceRoot = path.join(root, 'workspace');
  await mkdir(workspaceRoot);
  const server = await startTestTemporal();
  const config = requireServices(
    loadConfig({
      KYROS_DATA_DIR: path.join(root, 'data'),
      WORKSPACE_ROOT: workspaceRoot,
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    }),
  );
  const { temporal } = config;
  const gateway = new TemporalGateway({ ...temporal, connectTimeoutMs: 5_000 });
  const { artifactsDir } = config;
  const workers = inProcessWorkers();
  const faults = executorFaults();
  let jobs: JobsDeps | undefined;
  let workerPrisma: ReturnType<typeof createPrismaClient> | undefined;
  const taskRuns = {
    temporalClient: () => gateway.client(),
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    uiUrl: temporal.uiUrl,
  };
  return {
    temporal: await gateway.client(),
    taskRuns,
    workspaceRoot,
    faults,
    deps({ auth, log }) {
      jobs = {
        prisma: auth.prisma,
        audit: createAuditLog({
          prisma: auth.prisma,
          events: log,
          logger: pino({ level: 'silent' }),
        }),
        temporalClient: () => gateway.client(),
        taskQueue: temporal.taskQueue,
        artifactsDir,
        exportWaitMs: 60_000,
      };
      const resolveTool = (name: string) => resolveRunnableTool({ prisma: auth.prisma, name });
      return { taskRuns: { ...taskRuns, resolveTool }, jobs };
    },
    async start(apiUrl, auth) {
      if (!jobs) throw new Error('deps() must run before start()');
      await startJobs(jobs, pino({ level: 'silent' }));
      workerPrisma = createPrismaClient({ connectionString: auth.db.url, poolSize: 3 });
      const prisma = workerPrisma;
      await workers.start(() =>
        createKyrosWorker(temporal, {
          activities: {
            collab: createKyrosClient({ baseUrl: apiUrl, credential: auth.serviceKey }).collab,
            workspaceRoot,
            artifactsDir,
            databaseUrl: auth.db.url,
            prisma,
          },
          wrapActivities: faults.wrap,
        }),
      );
    },
    stopWorkers: () => workers.stopAll(),
    async close() {
      await workers.stopAll();
      await gateway.close();
      await workerPrisma?.$disconnect();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
