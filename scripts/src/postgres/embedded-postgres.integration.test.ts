import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { isAlive } from '../process-alive.ts';
import { startTsChild } from '../ts-child-process.ts';

const HOLD_EMBEDDED_POSTGRES = createRequire(import.meta.url).resolve(
  '@kyros/test-support/database/hold-embedded-postgres',
);

let root: string;
let dir: string;
const servers: EmbeddedPostgres[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kyros-embedded-pg-'));
  await chmod(root, 0o755);
  dir = path.join(root, 'postgres');
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  await rm(root, { recursive: true, force: true });
});

async function start(options: Partial<Parameters<typeof startEmbeddedPostgres>[0]> = {}) {
  const server = await startEmbeddedPostgres({ dir, port: 0, throwaway: true, ...options });
  servers.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a server in a child process that a test can SIGKILL. */
async function holdInChild(): Promise<{ owner: number; pid: number; port: number; url: string }> {
  const child = startTsChild({
    name: 'hold-embedded-postgres',
    entry: HOLD_EMBEDDED_POSTGRES,
    args: [dir],
    env: process.env,
  });
  // Its first JSON line says where the server is (its stderr is captured beside it).
  const line = /^\{.*\}$/m;
  await child.waitForOutput(line, 120_000);
  const where = JSON.parse(line.exec(child.output())?.[0] ?? '') as {
    pid: number;
    port: number;
    url: string;
  };
  return { owner: child.pid, ...where };
}

async function gone(pid: number): Promise<void> {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the embedded PostgreSQL', () => {
  it('is a real PostgreSQL 18 on loopback only, behind a generated password kept 0600', async () => {
    const server = await start();
    const [row] = await query<{ version: string; listen: string }>(
      server.url,
      "SELECT version(), current_setting('listen_addresses') AS listen",
    );
    expect(row?.version).toMatch(/^PostgreSQL 18\./);
    expect(row?.listen).toBe('127.0.0.1');
    const passwordFile = path.join(dir, 'password');
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(new URL(server.url).password).toBe(password);
    const wrong = new URL(server.url);
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password/);
  });

  it('runs as an unprivileged system user that owns the data directory (as root), else as the caller', async () => {
    const server = await start();
    const owner = (await stat(path.join(dir, 'pgdata'))).uid;
    const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(owner));
    if (process.getuid?.() === 0) expect(owner).not.toBe(0);
    else expect(owner).toBe(process.getuid?.());
  });

  it('keeps committed data across a stop and a start', async () => {
    const first = await start();
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await start();
    expect(second.url).toBe(first.url.replace(`:${first.port}/`, `:${second.port}/`));
    expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
  });

  it('recovers after the server and its owner were SIGKILLed, stale postmaster.pid and all', async () => {
    const held = await holdInChild();
    await query(held.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    process.kill(held.pid, 'SIGKILL');
    process.kill(held.owner, 'SIGKILL');
    await gone(held.pid);
    expect(await readFile(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8')).toContain(
      String(held.pid),
    );
    const server = await start();
    expect(await query(server.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
  });

  it('stops a server its dead owner left running, then starts its own', async () => {
    const held = await holdInChild();
    process.kill(held.owner, 'SIGKILL');
    await gone(held.owner);
    const lines: string[] = [];
    const server = await start({ log: (line) => lines.push(line) });
    expect(isAlive(held.pid)).toBe(false);
    expect(server.pid).not.toBe(held.pid);
    expect(lines.join('\n')).toContain(`stopping the PostgreSQL (pid ${held.pid})`);
  });

  it('shares the server a live process runs when asked to, and refuses to start a second one', async () => {
    const held = await holdInChild();
    try {
      const shared = await start({ whenRunning: 'share' });
      expect(shared.pid).toBe(held.pid);
      await shared.stop();
      expect(isAlive(held.pid)).toBe(true);
      await expect(start({ whenRunning: 'refuse' })).rejects.toThrow(
        /another Kyros process already runs the PostgreSQL/,
      );
    } finally {
      process.kill(held.owner, 'SIGKILL');
      process.kill(held.pid, 'SIGINT');
      await gone(held.pid);
    }
  });

  it('starts over a postmaster.pid whose pid now belongs to another process', async () => {
    const first = await start();
    await first.stop();
    servers.length = 0;
    const lockFile = path.join(dir, 'pgdata', 'postmaster.pid');
    await writeFile(
      lockFile,
      `${process.pid}\n${path.join(dir, 'pgdata')}\n0\n5999\n\n127.0.0.1\n`,
    );
    const server = await start();
    expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('takes another port when the preferred one is taken, and says so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const lines: string[] = [];
      const server = await start({ port: taken, portPolicy: 'prefer', log: (l) => lines.push(l) });
      expect(server.port).not.toBe(taken);
      expect(lines).toContain(
        `port ${taken} is taken; the embedded PostgreSQL listens on ${server.port} instead`,
      );
      await expect(start({ port: taken, portPolicy: 'exact' })).rejects.toThrow(/is taken/);
    } finally {
      blocker.close();
    }
  });
});
