import { createRequire } from 'node:module';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createKyrosClient } from '@kyros/contracts/client';
import type { ServicesConfig } from '@kyros/contracts/config';
import { resolveWebhookSecretsKey } from '@kyros/contracts/webhook-signing';
import { createPrismaClient } from '@kyros/db/client';
import { createActivities, type ActivityDeps } from './activities.ts';

export type Activities = ReturnType<typeof createActivities>;
import { readinessEcho } from './readiness-echo.ts';

const require = createRequire(import.meta.url);

export const WORKFLOWS_PATH = require.resolve('@kyros/workflows/index');

export interface KyrosWorker {
  worker: Worker;
  connection: NativeConnection;
}

export interface KyrosWorkerOptions {
  /** What task activities need (the API client, the workspace). Without it: readiness only. */
  activities?: ActivityDeps;
  /**
   * Tests only: wraps the real activities before the worker registers them (the SDK's way of
   * injecting failures: a test worker gets its own activities). The product never sets it.
   */
  wrapActivities?: (activities: Activities) => Activities;
}

/** The task activities' dependencies as the worker process builds them from its config. */
export function activityDepsFrom(config: ServicesConfig): ActivityDeps {
  // KYROS_API_KEY authenticates the worker to the API (npm start mints one at start-up).
  const api = createKyrosClient({
    baseUrl: config.api.url,
    ...(config.auth.apiKey ? { credential: config.auth.apiKey } : {}),
  });
  return {
    collab: api.collab,
    ...(config.channels.email
      ? { email: { config: config.channels.email, api: api.emailChannel } }
      : {}),
    workspaceRoot: config.workspaceRoot,
    artifactsDir: config.artifactsDir,
    databaseUrl: config.database.url,
    // The job workflow's activities write the jobs tables; the pool lives as long as the worker.
    prisma: createPrismaClient({ connectionString: config.database.url, poolSize: 4 }),
    // Outbound webhook deliveries sign with secrets sealed under the key the API uses.
    webhookSecretsKey: memoized(() => resolveWebhookSecretsKey(config)),
    webhookTargets: { allowPrivate: config.channels.webhooks.allowPrivateTargets },
  };
}

/** Connects to Temporal and builds the worker for the `kyros` task queue (not yet running). */
export async function createKyrosWorker(
  temporal: ServicesConfig['temporal'],
  options: KyrosWorkerOptions = {},
): Promise<KyrosWorker> {
  const connection = await NativeConnection.connect({
    address: temporal.address,
    tls: temporal.tls,
    apiKey: temporal.apiKey,
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: options.activities
        ? activitiesFor(options.activities, options)
        : { readinessEcho },
      // On SIGTERM in-flight activities get this long to finish before they are handed back.
      shutdownGraceTime: '10 seconds',
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function memoized<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

function activitiesFor(deps: ActivityDeps, options: KyrosWorkerOptions): Activities {
  const activities = createActivities(deps);
  return options.wrapActivities ? options.wrapActivities(activities) : activities;
}
