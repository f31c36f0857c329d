import { randomBytes, randomUUID } from 'node:crypto';
import { startTsChild, type ChildExit } from '@kyros/scripts/ts-child-process';
import { freePort } from '@kyros/scripts/free-port';
import { signAccessToken } from '@kyros/api/auth/tokens';

export type ApiExit = ChildExit;

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

export interface ApiProcessOptions {
  /** The collaboration directory the API opens (`KYROS_COLLAB_DIR`). */
  collabDir: string;
  dataDir: string;
  /** How long to wait for `GET /healthz` to answer 200. */
  startTimeoutMs?: number;
  /** `false`: resolve once the process is spawned, to kill it during start-up (a migration). */
  waitUntilHealthy?: boolean;
  /** A migrated database, for API keys (bound keys act as their agent); none by default. */
  databaseUrl?: string;
}

/**
 * Starts `node --import tsx api/src/main.ts` on a fresh loopback port and resolves once `/healthz`
 * answers 200 (or at once, with `waitUntilHealthy: false`). Postgres and Temporal point at closed ports: the API connects to them only when
 * `/readyz` is called (and checks access tokens without its database, with the per-principal
 * rate limit off), so tests of the collaboration routes need neither.
 */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const port = await freePort();
  const jwtSecret = randomBytes(32).toString('base64url');
  const token = signAccessToken(
    { sub: randomUUID(), email: 'crash-test@kyros.test', role: 'agent' },
    jwtSecret,
    86_400,
  );
  const child = startTsChild({
    name: 'the API',
    entry: 'api/src/main.ts',
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
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    if (options.waitUntilHealthy !== false) {
      await child.waitForUrl(`${url}/healthz`, options.startTimeoutMs ?? 30_000);
    }
  } catch (error) {
    await child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    token,
    authHeaders: { authorization: `Bearer ${token}` },
    pid: child.pid,
    output: child.output,
    kill: child.kill,
  };
}
