import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort } from '@kyros/scripts/free-port';
import { signAccessToken } from '@kyros/api/auth/tokens';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ApiExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real API entry point (`api/src/main.ts`) running in a child process of the test. */
export interface ApiProcess {
  url: string;
  /**
   * An `agent` access token signed with the process's KYROS_JWT_SECRET. Access tokens are
   * self-contained, so the API checks it without its database, which these tests do not run.
   */
  token: string;
  /** `Authorization: Bearer <token>`. */
  authHeaders: Record<string, string>;
  pid: number | undefined;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** Sends `signal` (if still running) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<ApiExit>;
}

export interface SpawnApiProcessOptions {
  /** The collaboration directory the API opens (`KYROS_COLLAB_DIR`). */
  collabDir: string;
  dataDir: string;
  /** How long to wait for `GET /healthz` to answer 200. */
  startTimeoutMs?: number;
  /** A migrated database, for API keys (bound keys act as their agent); none by default. */
  databaseUrl?: string;
}

/**
 * Starts `node --import tsx api/src/main.ts` on a fresh loopback port and resolves once `/healthz`
 * answers 200. Postgres and Temporal point at closed ports: the API connects to them only when
 * `/readyz` is called (and checks access tokens without its database, with the per-principal
 * rate limit off), so tests of the collaboration routes need neither.
 */
export async function spawnApiProcess(options: SpawnApiProcessOptions): Promise<ApiProcess> {
  const port = await freePort();
  const jwtSecret = randomBytes(32).toString('base64url');
  const token = signAccessToken(
    { sub: randomUUID(), email: 'crash-test@kyros.test', role: 'agent' },
    jwtSecret,
    86_400,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      KYROS_DATA_DIR: options.dataDir,
      KYROS_COLLAB_DIR: options.collabDir,
      API_PORT: String(port),
      LOG_LEVEL: 'silent',
      DATABASE_URL: options.databaseUrl ?? 'postgresql://unused@127.0.0.1:1/unused',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      KYROS_JWT_SECRET: jwtSecret,
      // The per-principal limiter counts in Postgres; these tests run none.
      KYROS_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ApiExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;

  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals): Promise<ApiExit> => {
    if (running()) child.kill(signal);
    return exited;
  };
  try {
    await waitForHealthy(url, running, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its output:\n${output}`, { cause: error });
  }
  return {
    url,
    token,
    authHeaders: { authorization: `Bearer ${token}` },
    pid: child.pid,
    output: () => output,
    kill,
  };
}

async function waitForHealthy(
  url: string,
  running: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!running()) throw new Error('the API exited before it was healthy');
    const healthy = await fetch(`${url}/healthz`).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status === 200;
      },
      // Not listening yet: the process is still loading its modules.
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`the API was not healthy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
