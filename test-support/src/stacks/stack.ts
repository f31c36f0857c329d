import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Client } from '@temporalio/client';
import { loadConfig, requireServices, type ServicesConfig } from '@kyros/contracts/config';
import {
  createKyrosClient,
  type CollabClient,
  type JobsClient,
  type KyrosClient,
} from '@kyros/contracts/client';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { TemporalGateway } from '@kyros/api/adapters/temporal-gateway';
import type { Role } from '@kyros/api/auth/principal';
import { openChannels, type ChannelsDeps } from '@kyros/api/channels/channels-module';
import type { Collaboration } from '@kyros/api/collab/open-collaboration';
import { jobsModule, type JobsDeps } from '@kyros/api/jobs/jobs-module';
import { seedDefaultPresets } from '@kyros/api/jobs/seed-presets';
import { mcpAllowedHosts, mcpModule, type McpApiModule } from '@kyros/api/mcp/mcp-module';
import { resolveRunnableTool } from '@kyros/api/tools/operations/resolve-runnable-tool';
import { ensureLeaseReaperSchedule } from '@kyros/api/schedules/lease-reaper-schedule';
import type { TestDatabase } from '../database/test-database.ts';
import { startInProcessApi, type InProcessApi } from '../api/in-process-api.ts';
import type { TestAuth } from '../api/test-auth.ts';
import { inProcessWorkers } from '../worker/in-process-workers.ts';
import { executorFaults, type ExecutorFaults } from '../worker/executor-faults.ts';
import { withWorkerChild, type WorkerChild, type WorkerChildHold } from '../worker/worker-child.ts';

/** What the `stack` fixture's options may change (`test.override({ stackOptions })`). */
export interface StackOptions {
  /** The jobs' review timeout (the product's default otherwise). */
  reviewTimeoutSeconds?: number;
  /** The WebSocket channel's limits. */
  webSocket?: ChannelsDeps['webSocket'];
  /** The Slack channel (off without a signing secret). */
  slack?: ChannelsDeps['slack'];
  /** Per-channel rate limits. */
  rateLimits?: ChannelsDeps['rateLimits'];
  /** More environment, e.g. the KYROS_EMAIL_* variables of the email channel. */
  env?: Record<string, string>;
  /** Mount `/mcp` with the run and job tools (on this stack's Temporal and jobs). */
  mcp?: boolean;
  /** Seed the default job presets, as the API's start-up does. */
  seedPresets?: boolean;
}

/**
 * Everything real and local: a Temporal dev server, the file's migrated database, the API (every
 * module: collaboration with run/cancel wired to Temporal, tools, jobs, channels with the
 * WebSocket channel on its server) on an ephemeral port with signed-in users of each role, a temp
 * workspace, and workers in-process (activities reaching the API over HTTP) or in a child process.
 */
export interface Stack {
  api: InProcessApi;
  /** The MCP module, with `mcp: true`. */
  mcp: McpApiModule | undefined;
  apiUrl: string;
  /** `ws://…/channels/ws` */
  wsUrl: string;
  temporalAddress: string;
  temporal: Client;
  /** The API's own Temporal client. */
  temporalClient(): Promise<Client>;
  /** Authenticated with the `agent` API key. */
  collab: CollabClient;
  auth: TestAuth;
  /** `Authorization` of the agent key, for raw `fetch` calls. */
  authHeaders: Record<string, string>;
  prisma: PrismaClient;
  db: TestDatabase;
  config: ServicesConfig;
  workspaceRoot: string;
  collaboration: Collaboration;
  /** What the jobs module runs on (startJobs, reconcileSchedules take it). */
  deps: JobsDeps;
  /** Email and password of the signed-in user of each role. */
  users: Record<Role, { email: string; password: string }>;
  /** A jobs client acting as the user of `role`. */
  as(role: Role): JobsClient;
  /** `Authorization: Bearer <access token>` of the user of `role`. */
  headersAs(role: Role): Record<string, string>;
  /** `headersAs('operator')`. */
  operatorHeaders: Record<string, string>;
  /** That operator's email (to link a Slack user to it, say). */
  operatorEmail: string;
  /** A whole client whose credential is an API key bound to `agentId`. */
  clientFor(agentId: string): Promise<KyrosClient>;
  /** `Authorization` of the key bound to `agentId`. */
  headersFor(agentId: string): Promise<Record<string, string>>;
  /** Faults the next executor attempts of the in-process workers meet. */
  faults: ExecutorFaults;
  /** Starts (another) in-process worker; the stack stops every worker it started. */
  startWorker(): Promise<KyrosWorker>;
  /** Shuts down every in-process worker started so far (they finish in-flight tasks). */
  stopWorkers(): Promise<void>;
  /** The environment a worker child process needs to serve this stack. */
  workerEnv(): Record<string, string>;
  /** Runs `use` while the product's worker serves the stack from a child process (crash tests). */
  workerChild(hold: WorkerChildHold, use: (worker: WorkerChild) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The stack's KYROS_WEBHOOK_SECRETS_KEY, shared by its API and its workers. */
const WEBHOOK_SECRETS_KEY = 'test-webhook-secrets-key-of-32-characters-or-more';

const ROLES: Role[] = ['admin', 'operator', 'agent', 'viewer'];

export async function startStack(
  options: StackOptions & {
    temporal: TemporalDevServer;
    auth: TestAuth;
    collabDir: string;
  },
): Promise<Stack> {
  const { auth, temporal: server } = options;
  const { db, prisma } = auth;
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-stack-'));
  const workspaceRoot = path.join(root, 'workspace');
  await mkdir(workspaceRoot);
  const env = {
    KYROS_DATA_DIR: path.join(root, 'data'),
    KYROS_COLLAB_DIR: options.collabDir,
    WORKSPACE_ROOT: workspaceRoot,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: db.url,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const config = requireServices(loadConfig(env));
  // KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS in `env`: a file whose subscribers are local sinks sets it.
  const webhookTargets = { allowPrivate: config.channels.webhooks.allowPrivateTargets };
  const gateway = new TemporalGateway({ ...config.temporal, connectTimeoutMs: 5_000 });
  const taskRuns = {
    temporalClient: () => gateway.client(),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    uiUrl: config.temporal.uiUrl,
  };
  if (options.seedPresets) await seedDefaultPresets(prisma);
  let deps: JobsDeps | undefined;
  let channels: ReturnType<typeof openChannels> | undefined;
  let mcp: McpApiModule | undefined;
  const api = await startInProcessApi({
    dir: options.collabDir,
    auth,
    clock: 'real',
    taskRuns,
    modules: ({ store, log, audit }) => {
      deps = {
        prisma,
        audit,
        temporalClient: () => gateway.client(),
        taskQueue: config.temporal.taskQueue,
        artifactsDir: config.artifactsDir,
        ...(options.reviewTimeoutSeconds === undefined
          ? {}
          : { reviewTimeoutSeconds: options.reviewTimeoutSeconds }),
        exportWaitMs: 60_000,
      };
      channels = openChannels({
        prisma,
        store,
        eventLog: log,
        audit,
        auth: auth.auth.deps,
        logger: pino({ level: 'silent' }),
        taskRuns: { ...taskRuns, resolveTool: (name) => resolveRunnableTool({ prisma, name }) },
        jobs: deps,
        consoleUrl: 'http://127.0.0.1:3001',
        publicUrl: 'http://127.0.0.1',
        ...(options.webSocket ? { webSocket: options.webSocket } : {}),
        ...(options.slack ? { slack: options.slack } : {}),
        ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
        webhooks: {
          secretsKey: WEBHOOK_SECRETS_KEY,
          targets: webhookTargets,
          temporalClient: () => gateway.client(),
          taskQueue: config.temporal.taskQueue,
        },
        ...(config.channels.email ? { email: { allowlist: config.channels.email.allowlist } } : {}),
      });
      if (options.mcp) {
        const resolveTool = (name: string) => resolveRunnableTool({ prisma, name });
        mcp = mcpModule({
          store,
          log,
          allowedHosts: mcpAllowedHosts('http://127.0.0.1'),
          taskRuns: { ...taskRuns, resolveTool },
          jobs: deps,
        });
      }
      return [...(mcp ? [mcp] : []), jobsModule(deps), channels.module];
    },
    onListen: (http) => channels?.attach(http),
  });
  if (!deps || !channels) throw new Error('the jobs and channels modules were not mounted');
  const openedChannels = channels;
  openedChannels.startOutboundWebhooks();
  const { url } = api;
  // As the API's start-up does (server.ts): the API owns every Temporal Schedule.
  await ensureLeaseReaperSchedule(await gateway.client(), config.temporal.taskQueue);
  const users = {} as Record<Role, { email: string; password: string }>;
  const tokens = new Map<Role, string>();
  for (const role of ROLES) {
    const user = await auth.userOf(role);
    users[role] = { email: user.email, password: user.password };
    tokens.set(role, user.accessToken);
  }
  const headersAs = (role: Role) => ({ authorization: `Bearer ${tokens.get(role) ?? ''}` });
  const serviceClient = createKyrosClient({ baseUrl: url, credential: auth.serviceKey });
  const email = config.channels.email;
  const workerPrisma = createPrismaClient({ connectionString: db.url, poolSize: 3 });
  const workers = inProcessWorkers();
  const faults = executorFaults();
  const workerEnv = () => ({
    ...env,
    API_URL: url,
    KYROS_API_KEY: auth.serviceKey,
    LOG_LEVEL: 'info',
  });

  return {
    api,
    mcp,
    apiUrl: url,
    wsUrl: `${url.replace(/^http/, 'ws')}/channels/ws`,
    temporalAddress: server.address,
    temporal: await gateway.client(),
    temporalClient: () => gateway.client(),
    collab: api.client,
    auth,
    authHeaders: api.authHeaders,
    prisma,
    db,
    config,
    workspaceRoot,
    collaboration: api.collaboration,
    deps,
    users,
    as: (role) => createKyrosClient({ baseUrl: url, headers: headersAs(role) }).jobs,
    headersAs,
    operatorHeaders: headersAs('operator'),
    operatorEmail: users.operator.email,
    clientFor: async (agentId) =>
      createKyrosClient({ baseUrl: url, credential: await auth.keyFor(agentId) }),
    headersFor: api.headersFor,
    faults,
    startWorker: () =>
      workers.start(() =>
        createKyrosWorker(config.temporal, {
          activities: {
            // Its own client, as the worker process builds it: KYROS_API_KEY as the bearer token.
            collab: serviceClient.collab,
            ...(email ? { email: { config: email, api: serviceClient.emailChannel } } : {}),
            workspaceRoot,
            artifactsDir: config.artifactsDir,
            databaseUrl: db.url,
            prisma: workerPrisma,
            // Renew on (nearly) every beat, so the tests exercise renewal, not just acquisition.
            leaseRenewIntervalMs: 500,
            webhookSecretsKey: () => Promise.resolve(WEBHOOK_SECRETS_KEY),
            webhookTargets,
          },
          wrapActivities: faults.wrap,
        }),
      ),
    stopWorkers: () => workers.stopAll(),
    workerEnv,
    workerChild: (hold, use) => withWorkerChild(workerEnv(), hold, use),
    async close() {
      await workers.stopAll();
      await openedChannels.stopOutboundWebhooks();
      openedChannels.close();
      await api.close();
      await gateway.close();
      await workerPrisma.$disconnect();
      await rm(root, { recursive: true, force: true });
    },
  };
}
