import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Client } from '@temporalio/client';
import { loadConfig, requireServices, type ServicesConfig } from '@kyros/contracts/config';
import { createKyrosClient, type JobsClient } from '@kyros/contracts/client';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import type { TestDatabase } from '../database/test-database.ts';
import { startTestTemporal } from '../temporal/test-temporal.ts';
import { TemporalGateway } from '@kyros/api/adapters/temporal-gateway';
import { createAuditLog } from '@kyros/api/audit/prisma-audit-log';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { createUser } from '@kyros/api/auth/operations/create-user';
import { login } from '@kyros/api/auth/operations/login';
import type { Role } from '@kyros/api/auth/principal';
import { openCollaboration, type Collaboration } from '@kyros/api/collab/open-collaboration';
import { startTestAuth, type TestAuth } from '../api/test-auth.ts';
import { inProcessWorkers } from '../worker/in-process-workers.ts';
import { listenTestApp } from '../api/listen-test-app.ts';
import { jobsModule, type JobsDeps } from '@kyros/api/jobs/jobs-module';

/**
 * The jobs slice, real and local: a Temporal dev server, a fresh database (embedded
 * PostgreSQL or TEST_DATABASE_URL) with the migrations applied, the API with real authentication (users of
 * each role, signed in) and the jobs and collaboration modules on an ephemeral port, and
 * in-process workers (or a worker child process).
 */
export interface JobsStack {
  apiUrl: string;
  temporalAddress: string;
  temporal: Client;
  prisma: PrismaClient;
  db: TestDatabase;
  config: ServicesConfig;
  workspaceRoot: string;
  deps: JobsDeps;
  collaboration: Collaboration;
  auth: TestAuth;
  /** Email and password of the signed-in user of each role. */
  users: Record<Role, { email: string; password: string }>;
  /** A jobs client acting as the user of `role`. */
  as(role: Role): JobsClient;
  /** `Authorization: Bearer <access token>` of the user of `role`. */
  authHeaders(role: Role): Record<string, string>;
  startWorker(): Promise<KyrosWorker>;
  stopWorkers(): Promise<void>;
  workerEnv(): Record<string, string>;
  close(): Promise<void>;
}

const TEST_ROLES: Role[] = ['operator', 'agent', 'viewer'];

export async function startJobsStack(
  options: { reviewTimeoutSeconds?: number } = {},
): Promise<JobsStack> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-jobs-'));
  const workspaceRoot = path.join(root, 'workspace');
  await mkdir(workspaceRoot);
  const server: TemporalDevServer = await startTestTemporal();
  const auth = await startTestAuth({ freshDatabase: true });
  const { db, prisma } = auth;
  const workerPrisma = createPrismaClient({ connectionString: db.url, poolSize: 3 });
  const env = {
    KYROS_DATA_DIR: path.join(root, 'data'),
    WORKSPACE_ROOT: workspaceRoot,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: db.url,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  };
  const config = requireServices(loadConfig(env));
  const logger = pino({ level: 'silent' });
  const gateway = new TemporalGateway({ ...config.temporal, connectTimeoutMs: 5_000 });
  await mkdir(config.collabDir, { recursive: true });
  const collaboration = await openCollaboration({
    dir: config.collabDir,
    logger,
    audit: createAuditLog({ prisma, logger }),
  });

  const authDeps = auth.auth.deps;
  const admin = await authenticateCredential({ deps: authDeps, credential: auth.adminToken });
  const users = { admin: { email: auth.admin.email, password: auth.admin.password } } as Record<
    Role,
    { email: string; password: string }
  >;
  const tokens = new Map<Role, string>([['admin', auth.adminToken]]);
  for (const role of TEST_ROLES) {
    const user = { email: `${role}@example.com`, password: randomBytes(12).toString('base64url') };
    await createUser({ deps: authDeps, request: { ...user, role }, principal: admin });
    users[role] = user;
    const session = await login({ deps: authDeps, ...user, userAgent: undefined });
    tokens.set(role, session.access_token);
  }
  const authHeaders = (role: Role) => ({ authorization: `Bearer ${tokens.get(role) ?? ''}` });

  const deps: JobsDeps = {
    prisma,
    audit: createAuditLog({ prisma, events: collaboration.eventLog, logger }),
    temporalClient: () => gateway.client(),
    taskQueue: config.temporal.taskQueue,
    artifactsDir: config.artifactsDir,
    ...(options.reviewTimeoutSeconds === undefined
      ? {}
      : { reviewTimeoutSeconds: options.reviewTimeoutSeconds }),
    exportWaitMs: 60_000,
  };
  const http = await listenTestApp({
    authentication: auth.auth.middleware,
    modules: [auth.auth.module, ...collaboration.modules, jobsModule(deps)],
  });
  const { url } = http;
  const workers = inProcessWorkers();

  return {
    apiUrl: url,
    temporalAddress: server.address,
    temporal: await gateway.client(),
    prisma,
    db,
    config,
    workspaceRoot,
    deps,
    collaboration,
    auth,
    users,
    as: (role) => createKyrosClient({ baseUrl: url, headers: authHeaders(role) }).jobs,
    authHeaders,
    startWorker: () =>
      workers.start(() =>
        createKyrosWorker(config.temporal, {
          activities: {
            collab: createKyrosClient({ baseUrl: url, credential: auth.serviceKey }).collab,
            workspaceRoot,
            artifactsDir: config.artifactsDir,
            databaseUrl: db.url,
            prisma: workerPrisma,
          },
        }),
      ),
    stopWorkers: () => workers.stopAll(),
    workerEnv: () => ({ ...env, API_URL: url, LOG_LEVEL: 'info' }),
    async close() {
      await workers.stopAll();
      await gateway.close();
      await http.close();
      collaboration.stopReaders();
      await collaboration.close();
      await workerPrisma.$disconnect();
      await server.stop();
      await auth.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
