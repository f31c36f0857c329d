import pg from 'pg';
import type { Logger } from 'pino';
import { STATE_CHANNEL, type PostgresCollabState } from './postgres-collab-state.ts';

export interface CollabStateWatcher {
  close(): Promise<void>;
}

/**
 * Keeps this replica's copy fresh for reads between its own writes: every commit's NOTIFY (from
 * any replica) starts a catch-up, and a poll every `pollMs` covers a lost LISTEN connection.
 * Catch-ups never overlap; one requested while another runs follows it. Writes never depend on
 * this: a commit catches up under the writer lock.
 */
export async function watchCollabState(options: {
  connectionString: string;
  state: PostgresCollabState;
  pollMs: number;
  logger: Logger;
}): Promise<CollabStateWatcher> {
  const { state, logger } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const catchUp = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = state
      .catchUp()
      .catch((error: unknown) => logger.warn({ err: error }, 'collab state catch-up failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          catchUp();
        }
      });
  };
  const listener = new pg.Client({ connectionString: options.connectionString });
  // A replica's own commits notify it too; its copy already has those.
  listener.on('notification', (message) => {
    if (state.isBehind(message.payload)) catchUp();
  });
  listener.on('error', (error) =>
    logger.warn({ err: error }, 'collab state LISTEN connection lost; polling only'),
  );
  await listener.connect();
  await listener.query(`LISTEN ${STATE_CHANNEL}`);
  const poll = setInterval(catchUp, options.pollMs);
  poll.unref();
  return {
    async close() {
      closed = true;
      clearInterval(poll);
      await running;
      await listener.end().catch(() => undefined);
    },
  };
}
