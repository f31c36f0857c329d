import pg from 'pg';
import type { Logger } from 'pino';

export interface PostgresEventListenerOptions {
  connectionString: string;
  channel: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** A NOTIFY arrived with the last id of a committed batch. */
  onNotify: (lastId: number) => void;
  /** The connection is (re)established and listening: anything may have been missed before. */
  onListening: () => void;
  /** Waits before reconnect attempt `attempt` (1, 2, …) after the connection was lost. */
  retryDelay?: (attempt: number) => Promise<void>;
}

/** The listener's application_name, so an operator (or a test) can find its backend. */
export const LISTENER_APPLICATION_NAME = 'kyros-collab-events';

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, Math.min(5000, 100 * 2 ** (attempt - 1))).unref();
  });
}

/**
 * The dedicated connection that LISTENs for appended events (a pooled connection would drop the
 * LISTEN when returned). When it is lost it reconnects with back-off, LISTENs again and reports
 * `onListening`, whose catch-up query covers whatever was notified meanwhile.
 */
export class PostgresEventListener {
  private client: pg.Client | undefined;
  private stopped = false;

  constructor(private readonly options: PostgresEventListenerOptions) {}

  /** Connects and LISTENs; rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    // A reconnect waiting out its back-off sees `stopped` and gives up.
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on('notification', (message) => {
      const lastId = Number(message.payload);
      if (message.channel === this.options.channel && Number.isSafeInteger(lastId)) {
        this.options.onNotify(lastId);
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined); // already failed; the first error is the one to report
      throw error;
    }
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.options.onListening();
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    this.options.logger.warn({ err: error }, 'event listener connection lost; reconnecting');
    // The connection is already broken; ending it only frees the socket.
    client.end().catch(() => undefined);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const delay = this.options.retryDelay ?? backoff;
    for (let attempt = 1; !this.stopped; attempt += 1) {
      await delay(attempt);
      if (this.stopped) return;
      try {
        await this.connect();
        return;
      } catch (error) {
        this.options.logger.warn({ err: error, attempt }, 'event listener reconnect failed');
      }
    }
  }
}
