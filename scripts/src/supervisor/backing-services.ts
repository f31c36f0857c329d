import { stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { KyrosConfig } from '@kyros/contracts/config';
import { canConnect } from '../free-port.ts';
import { locateTemporalCli } from '../temporal-cli.ts';
import { startTemporalDevServer, waitUntilServing } from '../temporal-dev-server.ts';
import { superviseEmbeddedPostgres } from './supervised-postgres.ts';

/** A dependency the product cannot start without; its message is shown to the user as is. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface BackingService {
  /** What children get as DATABASE_URL or TEMPORAL_ADDRESS. */
  address: string;
  description: string;
  /** Settles if the service fails for good while running (the product then stops). */
  failed?: Promise<string>;
  stop(): Promise<void>;
}

const EXTERNAL_TIMEOUT_MS = 10_000;

export async function provideTemporal(
  config: KyrosConfig,
  projectRoot: string,
  log: (line: string) => void,
): Promise<BackingService> {
  const { temporal } = config;
  if (temporal.address) {
    try {
      await waitUntilServing(temporal.address, EXTERNAL_TIMEOUT_MS);
    } catch (error) {
      throw new StartupError(
        `Temporal is not reachable at TEMPORAL_ADDRESS=${temporal.address}: ${messageOf(error)}`,
      );
    }
    return {
      address: temporal.address,
      description: `Temporal at ${temporal.address}`,
      stop: async () => {},
    };
  }
  await refuseBusyPort(
    config.bindHost,
    temporal.devPort,
    'TEMPORAL_DEV_PORT',
    'the Temporal dev server',
  );
  await refuseBusyPort(config.bindHost, temporal.uiPort, 'TEMPORAL_UI_PORT', 'the Temporal UI');
  const cli = await locateTemporalCli({
    explicitPath: temporal.cli,
    projectRoot,
    searchPath: process.env.PATH,
    onProgress: log,
  });
  const server = await startTemporalDevServer({
    cli,
    host: config.bindHost,
    port: temporal.devPort,
    uiPort: temporal.uiPort,
    dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
    logFile: path.join(config.dataDir, 'logs', 'temporal.log'),
    namespace: temporal.namespace,
  });
  return {
    address: server.address,
    description: `Temporal dev server (${cli}) at ${server.address}`,
    stop: () => server.stop(),
  };
}

/**
 * DATABASE_URL's server, or the embedded PostgreSQL of the data directory: supervised (npm start)
 * or, with `whenRunning: 'share'`, the one a running `npm start` serves (CLIs such as db:migrate).
 */
export async function provideDatabase(
  config: KyrosConfig,
  log: (line: string) => void,
  options: { whenRunning?: 'share' | 'refuse' } = {},
): Promise<BackingService> {
  const { database } = config;
  if (database.url) {
    await checkPostgres(database.url);
    return {
      address: database.url,
      description: `PostgreSQL at ${redact(database.url)}`,
      stop: async () => {},
    };
  }
  await noticePgliteData(config.dataDir, log);
  let embedded;
  try {
    embedded = await superviseEmbeddedPostgres(config, log, options.whenRunning ?? 'refuse');
  } catch (error) {
    throw new StartupError(`the embedded PostgreSQL cannot start: ${messageOf(error)}`);
  }
  return {
    address: embedded.url,
    description: `embedded PostgreSQL 18 at 127.0.0.1:${embedded.port} (data in ${path.join(config.dataDir, 'postgres')})`,
    failed: embedded.givenUp,
    stop: () => embedded.stop(),
  };
}

/** Round 1 kept its database in <data>/pglite; say once that it is no longer used, and where to look. */
async function noticePgliteData(dataDir: string, log: (line: string) => void): Promise<void> {
  const legacy = path.join(dataDir, 'pglite');
  if (
    await stat(legacy).then(
      () => true,
      () => false,
    )
  ) {
    log(
      `${legacy} holds a PGlite database from an earlier Kyros; it is left untouched and unused ` +
        '(to move its data into the embedded PostgreSQL see docs/DEPLOYMENT.md, "Data from the PGlite era")',
    );
  }
}

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: EXTERNAL_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(
      `PostgreSQL is not reachable at DATABASE_URL=${redact(url)}: ${messageOf(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function refuseBusyPort(host: string, port: number, variable: string, what: string) {
  if (await canConnect(host, port)) {
    throw new StartupError(
      `Port ${port} on ${host} is already in use, so ${what} cannot start there: stop what holds it or set ${variable}`,
    );
  }
}

/** Hides the password in a connection URL. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(messageOf).join('; ');
  }
  const message = error instanceof Error ? error.message : String(error);
  return message || (error instanceof Error ? error.name : 'unknown error');
}
