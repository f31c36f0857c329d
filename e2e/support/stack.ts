import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, startTsChild } from '@kyros/scripts/ts-child-process';
import {
  freeProductPorts,
  startKyros,
  stopKyros,
  waitForOutput,
} from '@kyros/test-support/stacks/kyros-process';
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
  const child = startTsChild({
    name: 'npm run browsers:install',
    entry: 'scripts/src/ensure-chromium.ts',
    env: process.env,
  });
  const exit = await child.exited;
  if (exit.code !== 0) {
    throw new Error(`npm run browsers:install failed (${describeExit(exit)}):\n${child.output()}`);
  }
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
  const env: Record<string, string> = {
    ...(process.env.TEMPORAL_CLI ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI } : {}),
    NODE_ENV: 'development',
    KYROS_DATA_DIR: dataDir,
    // The outbound-webhook tests deliver to a receiver on this machine (docs/CHANNELS.md, SSRF).
    KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
    ...options.env,
  };
  await mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const run = startKyros(env, { onOutput: (chunk) => log.write(chunk) });

  const cleanUp = async () => {
    // SIGINT is Ctrl-C: the supervisor stops its children and backing services, then exits.
    await stopKyros(run);
    await new Promise<void>((resolve) => log.end(resolve));
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  let firstAdmin: { email: string; password: string };
  try {
    await waitForOutput(run, 'Kyros is ready in', options.readyTimeoutMs ?? 150_000).catch(
      (error: unknown) => {
        throw new Error(`npm start was not ready; see ${options.logFile}`, { cause: error });
      },
    );
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
