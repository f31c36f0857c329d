import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@kyros/scripts/free-port';
import { fileURLToPath } from 'node:url';
import { BENCH_AUTH_ENV } from './bench-auth.ts';
import { LoadClient } from './load-client.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export interface ApiChildOptions {
  collabDir: string;
  dataDir: string;
  logLevel: string;
  /** Writes a V8 CPU profile (`.cpuprofile`) of the child into this directory when it exits. */
  profileDir?: string;
  /** The entry point to run instead of `api/src/main.ts` (a variant under study). */
  entry?: string;
}

export interface ApiChild {
  url: string;
  pid: number;
  /** Resolves once `/healthz` answers; rejects (and stops the child) if start-up fails. */
  ready: Promise<void>;
  /** SIGTERM (the API's graceful shutdown), SIGKILL if it has not exited after a grace period. */
  stop(): Promise<void>;
}

/**
 * The real API entry point (`api/src/main.ts`) in its own process, so the server has its own
 * event loop and the load generator in this process does not steal its turns. Postgres and
 * Temporal are connected lazily by the API and no collaboration route touches them, so their
 * addresses point at a closed port: the benchmark needs neither.
 */
export async function spawnApiChild(options: ApiChildOptions): Promise<ApiChild> {
  const port = await freePort();
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', options.entry ?? 'api/src/main.ts'],
    {
      cwd: REPO_ROOT,
      // Only what the API reads; nothing from the caller's shell leaks into the measurement.
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: options.logLevel,
        KYROS_DATA_DIR: options.dataDir,
        KYROS_COLLAB_DIR: options.collabDir,
        KYROS_BIND_HOST: '127.0.0.1',
        API_PORT: String(port),
        DATABASE_URL: 'postgresql://127.0.0.1:9/kyros_bench_unused',
        TEMPORAL_ADDRESS: '127.0.0.1:9',
        ...BENCH_AUTH_ENV,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const ready = waitUntilHealthy(url, child, () => stderr).catch(async (error: unknown) => {
    await stopChild(child, exited);
    throw error;
  });
  return { url, pid: child.pid ?? -1, ready, stop: () => stopChild(child, exited) };
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the API exited during start-up (${child.exitCode ?? child.signalCode}):\n${stderr()}`,
      );
    }
    const probe = new LoadClient(url);
    const healthy = await probe.send('GET', '/healthz').then(
      () => true,
      () => false,
    );
    probe.close();
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${stderr()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
