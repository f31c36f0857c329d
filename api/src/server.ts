import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import pg from 'pg';
import type { ServicesConfig } from '@kyros/contracts/config';
import { TemporalGateway } from './adapters/temporal-gateway.ts';
import { createLogger } from './adapters/logger.ts';
import { createApp } from './app.ts';
import {
  collaborationDirProbe,
  databaseProbe,
  taskQueueProbe,
  temporalProbe,
} from './readiness/probes.ts';

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
  await mkdir(config.collabDir, { recursive: true });
  const pool = new pg.Pool({
    connectionString: config.database.url,
    max: config.database.poolSize,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  const temporal = new TemporalGateway({
    ...config.temporal,
    connectTimeoutMs: config.readinessTimeoutMs,
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
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? config.api.port, config.bindHost, (error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.api.port;
  const url = `http://${config.bindHost}:${port}`;
  logger.info({ url }, 'api listening');
  return {
    server,
    url,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([pool.end(), temporal.close()]);
    },
  };
}
