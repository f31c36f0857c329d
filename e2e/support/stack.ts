import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeProductPorts } from '@kyros/test-support/stacks/kyros-process';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StackOptions {
  /** Where the supervisor's output goes (it is long; a file beats the test report). */
  logFile: string;
  /** Extra environment for every process of the stack. */
  env?: Record<string, string>;
  /** How long `npm start` may take to print that it is ready. */
  readyTimeoutMs?: number;
}

export interface Stack {
  consoleUrl: string;
  apiUrl: string;
  dataDir: string;
  /** 'embedded' (npm start's own PostgreSQL) or 'postgresql' (a fresh database on TEST_DATABASE_URL). */
  database: TestDatabase['kind'];
  /** The first admin `npm start` made in development (docs/AUTH.md), read from its file. */
  firstAdmin: { email: string; password: string };
  stop(): Promise<void>;
}

/** Runs `node scripts/src/ensure-chromium.ts` (what `npm run browsers:install` runs). */
export async function ensureChromium(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/ensure-chromium.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run browsers:install failed (exit ${code})`);
}

/**
 * The whole product as `npm start` runs it (scripts/src/start.ts: Temporal dev server, database,
 * API, worker, console, terminal daemon) on free ports with a temporary data directory. With
 * TEST_DATABASE_URL set it runs on a fresh database of that PostgreSQL, dropped by stop().
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-e2e-'));
  const database = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const ports = await freeProductPorts();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.TEMPORAL_CLI ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI } : {}),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    KYROS_DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
    ...options.env,
  };
  await mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/start.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const cleanUp = async () => {
    await stopChild(child, exited);
    await new Promise<void>((resolve) => log.end(resolve));
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  let firstAdmin: { email: string; password: string };
  try {
    await waitForReady(child, () => output, options.readyTimeoutMs ?? 150_000, options.logFile);
    firstAdmin = JSON.parse(
      await readFile(path.join(dataDir, 'auth', 'first-admin.json'), 'utf8'),
    ) as { email: string; password: string };
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    firstAdmin: { email: firstAdmin.email, password: firstAdmin.password },
    consoleUrl: `http://127.0.0.1:${ports.CONSOLE_PORT}`,
    apiUrl: `http://127.0.0.1:${ports.API_PORT}`,
    dataDir,
    database: database?.kind ?? 'embedded',
    stop: cleanUp,
  };
}

async function waitForReady(
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes('Kyros is ready in')) {
    if (child.exitCode !== null) {
      throw new Error(`npm start exited (${child.exitCode}) before it was ready; see ${logFile}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`npm start was not ready after ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGINT is Ctrl-C: the supervisor stops its children and backing services, then exits. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  await exited;
  clearTimeout(timer);
}
