import path from 'node:path';
import type { KyrosConfig } from '@kyros/contracts/config';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from '../postgres/embedded-postgres.ts';

export interface SupervisedPostgres {
  /** Stable across restarts: the children keep this DATABASE_URL. */
  url: string;
  port: number;
  /** The running server's pid (changes on restart). */
  pid(): number;
  /** Settles only if the server keeps dying and the restart budget is spent. */
  givenUp: Promise<string>;
  stop(): Promise<void>;
}

/** At most this many deaths within RESTART_WINDOW_MS; then the product stops with an error. */
const RESTART_BUDGET = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long one restart keeps trying (e.g. while something else holds the port). */
const RESTART_PATIENCE_MS = 60_000;

/**
 * The embedded PostgreSQL of `npm start`, restarted on the same port when it dies (crash recovery
 * replays its WAL, so every committed transaction is still there), the way Temporal's retries
 * expect a database to come back.
 */
export async function superviseEmbeddedPostgres(
  config: KyrosConfig,
  log: (line: string) => void,
  whenRunning: 'share' | 'refuse' = 'refuse',
): Promise<SupervisedPostgres> {
  const options: EmbeddedPostgresOptions = {
    dir: embeddedPostgresDir(config),
    host: '127.0.0.1',
    port: config.database.embeddedPort,
    portPolicy: 'prefer',
    serverUser: config.database.embeddedOsUser,
    whenRunning,
    log,
  };
  let server: EmbeddedPostgres = await startEmbeddedPostgres(options);
  let stopping = false;
  const restarts: number[] = [];
  let giveUp: (reason: string) => void = () => {};
  const givenUp = new Promise<string>((resolve) => (giveUp = resolve));

  const watch = (running: EmbeddedPostgres): void => {
    void running.exited.then(async (how) => {
      if (stopping) return;
      log(`embedded PostgreSQL exited (${how}); restarting it on port ${running.port}`);
      const now = Date.now();
      restarts.push(now);
      while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > RESTART_BUDGET) {
        giveUp(`the embedded PostgreSQL died ${restarts.length} times within a minute`);
        return;
      }
      const deadline = now + RESTART_PATIENCE_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          server = await startEmbeddedPostgres({
            ...options,
            port: running.port,
            portPolicy: 'exact',
          });
          if (stopping) {
            await server.stop();
            return;
          }
          log(`embedded PostgreSQL is back (pid ${server.pid})`);
          watch(server);
          return;
        } catch (error) {
          log(`restarting the embedded PostgreSQL failed: ${(error as Error).message}`);
          if (stopping) return;
          if (Date.now() > deadline) {
            giveUp(`the embedded PostgreSQL could not be restarted: ${(error as Error).message}`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2_000)));
        }
      }
    });
  };
  watch(server);

  return {
    url: server.url,
    port: server.port,
    pid: () => server.pid,
    givenUp,
    async stop() {
      stopping = true;
      await server.stop();
    },
  };
}

export function embeddedPostgresDir(config: Pick<KyrosConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'postgres');
}
