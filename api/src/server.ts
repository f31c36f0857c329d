import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import pg from 'pg';
import type { ServicesConfig } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';
import { resolveWebhookSecretsKey } from '@kyros/contracts/webhook-signing';
import { createPrismaClient } from '@kyros/db/client';
import { TemporalGateway } from './adapters/temporal-gateway.ts';
import { createLogger } from './adapters/logger.ts';
import { createApp } from './app.ts';
import { createAuditLog } from './audit/prisma-audit-log.ts';
import { openAuth } from './auth/open-auth.ts';
import { openChannels } from './channels/channels-module.ts';
import { openCollaboration } from './collab/open-collaboration.ts';
import type { TaskRunDeps } from './collab/operations/task-run-deps.ts';
import { listen } from './http/listen.ts';
import { mcpAllowedHosts, mcpModule } from './mcp/mcp-module.ts';
import { jobsModule, startJobs, type JobsDeps } from './jobs/jobs-module.ts';
import { reconcileEmailPollSchedule } from './schedules/email-poll-schedule.ts';
import { ensureLeaseReaperSchedule } from './schedules/lease-reaper-schedule.ts';
import {
  collaborationDirProbe,
  databaseProbe,
  taskQueueProbe,
  temporalProbe,
} from './readiness/probes.ts';
import { resolveRunnableTool } from './tools/operations/resolve-runnable-tool.ts';
import { seedTools } from './tools/operations/seed-tools.ts';
import { toolsModule } from './tools/tools-module.ts';
import { terminalModule } from './terminal/terminal-module.ts';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Builds the API's real dependencies from config and starts listening. */
export async function startApi(
  config: ServicesConfig,
  options: { port?: number } = {},
): Promise<RunningApi> {
  const logger = createLogger(config);
  const errorReporter = await startErrorReporting({
    sentry: config.sentry,
    service: 'api',
    secrets: [config.auth.jwtSecret, config.auth.apiKey],
  });
  await mkdir(config.collabDir, { recursive: true });
  const temporal = new TemporalGateway({
    ...config.temporal,
    connectTimeoutMs: config.readinessTimeoutMs,
  });
  // No connection is made until the first query.
  const prisma = createPrismaClient({
    connectionString: config.database.url,
    poolSize: config.database.poolSize,
  });
  const taskRuns: TaskRunDeps = {
    temporalClient: () => temporal.client(),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    uiUrl: config.temporal.uiUrl,
    resolveTool: (name) => resolveRunnableTool({ prisma, name }),
  };
  const collaboration = await openCollaboration({
    dir: config.collabDir,
    logger,
    // Not mirrored onto the stream: the collaboration event itself carries `acting_for`.
    audit: createAuditLog({ prisma, logger }),
    taskRuns,
  });
  const pool = new pg.Pool({
    connectionString: config.database.url,
    max: config.database.poolSize,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  // Every mutation (jobs, presets, schedules, users, keys) lands in audit_events and the stream.
  const audit = createAuditLog({ prisma, events: collaboration.eventLog, logger });
  let auth: Awaited<ReturnType<typeof openAuth>>;
  try {
    auth = await openAuth({ prisma, config, logger, audit });
  } catch (error) {
    await Promise.allSettled([collaboration.close(), pool.end(), prisma.$disconnect()]);
    await temporal.close();
    throw error;
  }
  const jobs: JobsDeps = {
    prisma,
    audit,
    temporalClient: () => temporal.client(),
    taskQueue: config.temporal.taskQueue,
    artifactsDir: config.artifactsDir,
    reviewTimeoutSeconds: config.jobs.reviewTimeoutSeconds,
  };
  const mcp = mcpModule({
    store: collaboration.store,
    log: collaboration.eventLog,
    allowedHosts: mcpAllowedHosts(config.api.url),
    taskRuns,
    jobs,
    onUnexpectedError: (error) => logger.error({ err: error }, 'MCP tool failed'),
  });
  const channels = openChannels({
    prisma,
    store: collaboration.store,
    eventLog: collaboration.eventLog,
    audit,
    auth: auth.deps,
    logger,
    taskRuns,
    jobs,
    consoleUrl: config.console.url,
    publicUrl: config.api.url,
    webSocket: config.channels.webSocket,
    ...(config.channels.slack ? { slack: config.channels.slack } : {}),
    rateLimits: config.channels.rateLimits,
    ...(config.channels.email ? { email: { allowlist: config.channels.email.allowlist } } : {}),
    webhooks: {
      secretsKey: await resolveWebhookSecretsKey(config),
      targets: { allowPrivate: config.channels.webhooks.allowPrivateTargets },
      temporalClient: () => temporal.client(),
      taskQueue: config.temporal.taskQueue,
    },
  });
  const app = createApp({
    logger,
    publicUrl: config.api.url,
    readinessTimeoutMs: config.readinessTimeoutMs,
    probes: {
      database: databaseProbe(pool),
      temporal: temporalProbe(temporal),
      task_queue: taskQueueProbe(temporal, config.temporal.taskQueue, config.readinessTimeoutMs),
      collaboration_dir: collaborationDirProbe(config.collabDir),
    },
    authentication: auth.middleware,
    errorReporter,
    modules: [
      ...collaboration.modules,
      auth.module,
      jobsModule(jobs),
      toolsModule({ prisma, audit }),
      mcp,
      channels.module,
      terminalModule({
        prisma,
        store: collaboration.store,
        daemonUrl: config.terminal.url,
        ticketTtlSeconds: config.terminal.ticketTtlSeconds,
      }),
    ],
  });
  let listening: { server: Server; url: string };
  try {
    listening = await listen(app, options.port ?? config.api.port, config.bindHost);
  } catch (error) {
    await Promise.allSettled([
      collaboration.close(),
      pool.end(),
      prisma.$disconnect(),
      temporal.close(),
    ]);
    throw error;
  }
  const { server, url } = listening;
  channels.attach(server);
  channels.startOutboundWebhooks();
  logger.info({ url }, 'api listening');
  // Default presets, then Temporal's job schedules reconciled with the table (in the background).
  startJobs(jobs, logger).catch((error: unknown) =>
    logger.warn({ err: error }, 'jobs start-up chores failed'),
  );
  // A tool without its row runs as allowlisted, so seeding may trail the start (and waits for
  // migrations on a database that has none yet, which /readyz reports).
  seedTools({ prisma })
    .then((seeded) => {
      if (seeded > 0) logger.info({ seeded }, 'tools rows created for the allowlist');
    })
    .catch((error: unknown) => logger.warn({ err: error }, 'tools rows not seeded'));
  // The API owns every Temporal Schedule (docs/adr/0009): the lease reaper's too.
  temporal
    .client()
    .then((client) => ensureLeaseReaperSchedule(client, config.temporal.taskQueue))
    .catch((error: unknown) =>
      logger.warn({ err: error }, 'lease-reaper schedule not ensured (Temporal unreachable?)'),
    );
  // The email channel's poll: created when configured, removed when not.
  temporal
    .client()
    .then((client) =>
      reconcileEmailPollSchedule(
        client,
        config.temporal.taskQueue,
        config.channels.email?.pollSeconds,
      ),
    )
    .then((outcome) => {
      if (outcome !== 'absent') logger.info({ outcome }, 'email poll schedule reconciled');
    })
    .catch((error: unknown) =>
      logger.warn({ err: error }, 'email poll schedule not reconciled (Temporal unreachable?)'),
    );
  return {
    server,
    url,
    async close() {
      // Stop accepting, end live readers, let in-flight writes finish (their events still
      // append), then close the log; clients that never let go are cut after a grace period.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      channels.close();
      collaboration.stopReaders();
      await mcp.closeSessions();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(grace);
      await channels.stopOutboundWebhooks();
      await collaboration.close();
      await Promise.allSettled([pool.end(), prisma.$disconnect(), temporal.close()]);
      await errorReporter?.flush();
    },
  };
}
