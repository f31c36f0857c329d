import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { ServerUser } from './server-user.ts';

export const SUPERUSER = 'postgres';
const READY_TIMEOUT_MS = 60_000;

/** One postgres process: its port and pid, how it ended, and how to stop it. */
export interface ServerProcess {
  port: number;
  pid: number;
  exited: Promise<string>;
  stop(): Promise<void>;
}

export class ServerExitedEarly extends Error {
  override name = 'ServerExitedEarly';
  get portInUse(): boolean {
    return /could not bind|Address already in use/i.test(this.message);
  }
  get sharedMemoryInUse(): boolean {
    return /shared memory block .* is still in use/i.test(this.message);
  }
}

export async function runServer(args: {
  binaries: PostgresBinaries;
  pgdata: string;
  user: ServerUser | undefined;
  host: string;
  port: number;
  throwaway: boolean;
}): Promise<ServerProcess> {
  const { binaries, pgdata, user, host, port, throwaway } = args;
  const settings: Record<string, string> = {
    listen_addresses: host,
    // Loopback TCP only: no socket file to place, secure or clean up.
    unix_socket_directories: '',
    max_connections: '200',
    ...(throwaway ? { fsync: 'off', full_page_writes: 'off' } : {}),
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
  // The log is a convenience: failing to write it must never take the supervisor down.
  logFile.on('error', () => undefined);
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    if (!logFile.writableEnded) logFile.write(chunk);
    recent.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    // 'close' comes after the last output: ending the log on 'exit' lost (and threw on) the rest.
    child.once('close', () => logFile.end());
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

export function runToEnd(
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

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
