import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { createUser } from '@kyros/api/auth/operations/create-user';
import { login } from '@kyros/api/auth/operations/login';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApp } from '@kyros/api/app';
import { TemporalGateway } from '@kyros/api/adapters/temporal-gateway';
import { createAuditLog } from '@kyros/api/audit/prisma-audit-log';
import { openChannels, type ChannelsDeps } from '@kyros/api/channels/channels-module';
import { openCollaboration, type Collaboration } from '@kyros/api/collab/open-collaboration';
import type { TaskRunDeps } from '@kyros/api/collab/operations/task-run-deps';
import { listen } from '@kyros/api/http/listen';
import { jobsModule, type JobsDeps } from '@kyros/api/jobs/jobs-module';
import { seedDefaultPresets } from '@kyros/api/jobs/seed-presets';
import { resolveRunnableTool } from '@kyros/api/tools/operations/resolve-runnable-tool';
import { seedTools } from '@kyros/api/tools/operations/seed-tools';
import { toolsModule } from '@kyros/api/tools/tools-module';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import { createKyrosClient, type KyrosClient } from '@kyros/contracts/client/kyros-client';
import { loadConfig, requireServices, type ServicesConfig } from '@kyros/contracts/config';
import { createPrismaClient } from '@kyros/db/client';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startTestAuth, type TestAuth } from '../api/test-auth.ts';
import { startTestTemporal } from '../temporal/test-temporal.ts';
import { inProcessWorkers } from '../worker/in-process-workers.ts';

/**
 * The channel hub on the real stack: a Temporal dev server, a migrated database (shared by the
 * test file), the collaboration store seeded from `collaboration/` in a temp dir with task runs,
 * the jobs, tools and channels modules, the API on an ephemeral port with the WebSocket channel
 * attached to its server, and in-process workers on demand.
 */
export interface ChannelsStack {
  apiUrl: string;
  /** `ws://…/channels/ws` */
  wsUrl: string;
  auth: TestAuth;
  collaboration: Collaboration;
  workspaceRoot: string;
  /** A client whose credential is an API key bound to `agentId` (it acts as that agent). */
  clientFor(agentId: string): Promise<KyrosClient>;
  /** `Authorization` of the key bound to `agentId`. */
  headersFor(agentId: string): Promise<Record<string, string>>;
  /** `Authorization` of a signed-in user with the operator role. */
  operatorHeaders: Record<string, string>;
  /** That operator's email (to link a Slack user to it, say). */
  operatorEmail: string;
  startWorker(): Promise<KyrosWorker>;
  /** The Temporal dev server's address and the API's client of it. */
  temporalAddress: string;
  /** The stack's configuration (email channel settings included when given). */
  config: ServicesConfig;
  temporalClient(): Promise<Client>;
  close(): Promise<void>;
}

export async function startChannelsStack(
  options: Pick<ChannelsDeps, 'webSocket' | 'slack' | 'rateLimits'> & {
    /** More environment, e.g. the KYROS_EMAIL_* variables of the email channel. */
    env?: Record<string, string>;
  } = {},
): Promise<ChannelsStack> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-channels-'));
  const workspaceRoot = path.join(root, 'workspace');
  await mkdir(workspaceRoot);
  const server: TemporalDevServer = await startTestTemporal();
  const auth = await startTestAuth();
  const { prisma, db } = auth;
  const config = requireServices(
    loadConfig({
      KYROS_DATA_DIR: path.join(root, 'data'),
      KYROS_COLLAB_DIR: path.join(root, 'collaboration'),
      WORKSPACE_ROOT: workspaceRoot,
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: db.url,
      NODE_ENV: 'test',
      ...options.env,
    }),
  );
  const email = config.channels.email;
  const logger = pino({ level: 'silent' });
  const gateway = new TemporalGateway({ ...config.temporal, connectTimeoutMs: 5_000 });
  await mkdir(config.collabDir, { recursive: true });
  await copySeed(config.collabDir);
  const taskRuns: TaskRunDeps = {
    temporalClient: () => gateway.client(),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    uiUrl: config.temporal.uiUrl,
    resolveTool: (name) => resolveRunnableTool({ prisma, name }),
  };
  const collaboration = await openCollaboration({
    dir: config.collabDir,
    logger,
    audit: createAuditLog({ prisma, logger }),
    taskRuns,
  });
  await seedTools({ prisma });
  await seedDefaultPresets(prisma);
  const audit = createAuditLog({ prisma, events: collaboration.eventLog, logger });
  const jobs: JobsDeps = {
    prisma,
    audit,
    temporalClient: () => gateway.client(),
    taskQueue: config.temporal.taskQueue,
    artifactsDir: config.artifactsDir,
    exportWaitMs: 60_000,
  };
  const channels = openChannels({
    prisma,
    store: collaboration.store,
    eventLog: collaboration.eventLog,
    audit,
    auth: auth.auth.deps,
    logger,
    taskRuns,
    jobs,
    consoleUrl: 'http://127.0.0.1:3001',
    publicUrl: 'http://127.0.0.1',
    ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    ...(options.slack ? { slack: options.slack } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(email ? { email: { allowlist: email.allowlist } } : {}),
  });
  const ready = () => Promise.resolve('not under test');
  const app = createApp({
    logger,
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: { database: ready, temporal: ready, task_queue: ready, collaboration_dir: ready },
    authentication: auth.auth.middleware,
    modules: [
      auth.auth.module,
      ...collaboration.modules,
      jobsModule(jobs),
      toolsModule({ prisma, audit }),
      channels.module,
    ],
  });
  const { server: http, url } = await listen(app, 0, '127.0.0.1');
  channels.attach(http);

  const deps = auth.auth.deps;
  const admin = await authenticateCredential({ deps, credential: auth.adminToken });
  const operator = {
    email: `operator-${path.basename(root)}@example.com`,
    password: 'operator-password-1',
  };
  await createUser({ deps, request: { ...operator, role: 'operator' }, principal: admin });
  const operatorToken = (await login({ deps, ...operator, userAgent: undefined })).access_token;
  const workerPrisma = createPrismaClient({ connectionString: db.url, poolSize: 3 });
  const workers = inProcessWorkers();
  const serviceClient = createKyrosClient({ baseUrl: url, credential: auth.serviceKey });

  return {
    apiUrl: url,
    wsUrl: `${url.replace(/^http/, 'ws')}/channels/ws`,
    auth,
    collaboration,
    workspaceRoot,
    clientFor: async (agentId) =>
      createKyrosClient({ baseUrl: url, credential: await auth.keyFor(agentId) }),
    headersFor: async (agentId) => ({ authorization: `Bearer ${await auth.keyFor(agentId)}` }),
    operatorHeaders: { authorization: `Bearer ${operatorToken}` },
    operatorEmail: operator.email.toLowerCase(),
    temporalAddress: server.address,
    config,
    temporalClient: () => gateway.client(),
    startWorker: () =>
      workers.start(() =>
        createKyrosWorker(config.temporal, {
          activities: {
            collab: serviceClient.collab,
            ...(email ? { email: { config: email, api: serviceClient.emailChannel } } : {}),
            workspaceRoot,
            artifactsDir: config.artifactsDir,
            databaseUrl: db.url,
            prisma: workerPrisma,
          },
        }),
      ),
    async close() {
      await workers.stopAll();
      channels.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      collaboration.stopReaders();
      http.closeAllConnections();
      await closed;
      await collaboration.close();
      await gateway.close();
      await workerPrisma.$disconnect();
      await server.stop();
      await auth.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const SEED_DIR = fileURLToPath(new URL('../../../collaboration', import.meta.url));

/** The repository's collaboration seed, as `npm start` copies it on first start. */
function copySeed(dir: string): Promise<void> {
  return cp(SEED_DIR, dir, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'README.md',
  });
}
