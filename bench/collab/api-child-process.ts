import { freePort } from '@kyros/scripts/free-port';
import { startTsChild } from '@kyros/scripts/ts-child-process';
import { BENCH_AUTH_ENV } from './bench-auth.ts';

// A 100,000-task board is read from 100,000 files at start-up.
const START_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 5_000;

export interface ApiChildOptions {
  collabDir: string;
  dataDir: string;
  logLevel: string;
  /** Writes a V8 CPU profile (`.cpuprofile`) of the child into this directory when it exits. */
  profileDir?: string;
  /** The entry point to run instead of `api/src/main.ts` (a variant under study). */
  entry?: string;
  /**
   * A migrated database: the API then keeps the collaboration state and events in it
   * (KYROS_COLLAB_STORE=postgres, docs/adr/0019); without it, files in `collabDir`.
   */
  databaseUrl?: string;
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
 * event loop and the load generator in this process does not steal its turns. Temporal, and
 * Postgres on the files backend, are connected lazily by the API and no collaboration route
 * touches them, so their addresses point at a closed port.
 */
export async function spawnApiChild(options: ApiChildOptions): Promise<ApiChild> {
  const port = await freePort();
  const child = startTsChild({
    name: 'the API',
    entry: options.entry ?? 'api/src/main.ts',
    nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    // Only what the API reads; nothing from the caller's shell leaks into the measurement.
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: options.logLevel,
      KYROS_DATA_DIR: options.dataDir,
      KYROS_COLLAB_DIR: options.collabDir,
      KYROS_BIND_HOST: '127.0.0.1',
      API_PORT: String(port),
      KYROS_COLLAB_STORE: options.databaseUrl ? 'postgres' : 'files',
      DATABASE_URL: options.databaseUrl ?? 'postgresql://127.0.0.1:9/kyros_bench_unused',
      TEMPORAL_ADDRESS: '127.0.0.1:9',
      ...BENCH_AUTH_ENV,
    },
    keepChars: 4000,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop({ graceMs: STOP_GRACE_MS });
  };
  const ready = child
    .waitForUrl(`${url}/healthz`, START_TIMEOUT_MS)
    .catch(async (error: unknown) => {
      await stop();
      throw error;
    });
  return { url, pid: child.pid, ready, stop };
}
