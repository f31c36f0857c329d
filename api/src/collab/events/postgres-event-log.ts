import pg from 'pg';
import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { EventIndex } from './event-index.ts';
import { importFileEventLog } from './import-file-event-log.ts';
import { IndexedEventLog } from './indexed-event-log.ts';
import { PostgresEventListener } from './postgres-event-listener.ts';
import { selectEventRange, selectEventsAfter, selectEventsBefore } from './postgres-event-rows.ts';
import { PostgresEventWriter } from './postgres-event-writer.ts';

export interface PostgresEventLogOptions {
  /** The database with the `collab_events` table (migrated). */
  connectionString: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * The collaboration directory whose file event log an empty table imports first (the switch from
   * the files backend, `import-file-event-log.ts`); none by default.
   */
  importFrom?: string;
  /** How many recent events stay in memory (default 10,000); older ones are read from the table. */
  memoryWindow?: number;
  /** Connections for appends and reads older than memory (default 4); LISTEN has its own. */
  poolSize?: number;
  now?: () => Date;
  /** Waits before LISTEN reconnect attempt `attempt`; exponential back-off by default. */
  listenRetryDelay?: (attempt: number) => Promise<void>;
}

/** The NOTIFY channel; the payload is the last id of the committed batch. */
export const EVENTS_CHANNEL = 'kyros_collab_events';

/**
 * The event log in PostgreSQL, for API replicas sharing one database (docs/adr/0018). Appends are
 * group-committed under an advisory lock that makes ids gapless and visible in order
 * (`postgres-event-writer.ts`). Each replica keeps the same in-memory index as the file log and
 * feeds it only with contiguous ids: its own commits, and rows read after its `lastId` whenever a
 * NOTIFY (sent in the inserting transaction) says a replica committed more. Readers and SSE
 * streams then work exactly as on the file log, and see every replica's events in id order.
 */
export class PostgresEventLog extends IndexedEventLog {
  protected readonly writer: PostgresEventWriter;
  private readonly listener: PostgresEventListener;
  /** The highest id known to be committed; the catch-up reads until the index reaches it. */
  private committedId = 0;
  private catchingUp: Promise<void> | undefined;
  /** Set by every catch-up request; an empty read only ends the catch-up if none came during it. */
  private catchUpRequested = false;

  private constructor(
    private readonly pool: pg.Pool,
    index: EventIndex,
    private readonly logger: PostgresEventLogOptions['logger'],
    options: PostgresEventLogOptions,
  ) {
    super(index, logger);
    this.writer = new PostgresEventWriter({
      pool,
      channel: EVENTS_CHANNEL,
      logger,
      now: options.now ?? (() => new Date()),
      onCommit: (events) => this.committed(events),
    });
    this.listener = new PostgresEventListener({
      connectionString: options.connectionString,
      channel: EVENTS_CHANNEL,
      logger,
      onNotify: (lastId) => this.catchUpInBackground(lastId),
      // After a (re)connect nothing says how far others got: read until no row is left.
      onListening: () => this.catchUpInBackground(Number.MAX_SAFE_INTEGER),
      ...(options.listenRetryDelay ? { retryDelay: options.listenRetryDelay } : {}),
    });
  }

  /**
   * Imports the file log into an empty table (with `importFrom`), listens, then loads the table,
   * so nothing committed in between is missed.
   */
  static async open(options: PostgresEventLogOptions): Promise<PostgresEventLog> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 4,
    });
    pool.on('error', (error) =>
      options.logger.warn({ err: error }, 'idle event log connection failed'),
    );
    const log = new PostgresEventLog(
      pool,
      new EventIndex(options.memoryWindow ?? 10_000),
      options.logger,
      options,
    );
    try {
      if (options.importFrom !== undefined) {
        await importFileEventLog({
          pool,
          collabDir: options.importFrom,
          channel: EVENTS_CHANNEL,
          logger: options.logger,
        });
      }
      await log.listener.start();
      await log.catchUpTo(Number.MAX_SAFE_INTEGER);
      return log;
    } catch (error) {
      await log.listener.stop();
      await pool.end();
      throw error;
    }
  }

  catchUp(): Promise<void> {
    return this.catchUpTo(Number.MAX_SAFE_INTEGER);
  }

  protected async releaseBackend(): Promise<void> {
    await this.listener.stop();
    // Its failure, if any, went to whoever asked for it; closing goes on regardless.
    await Promise.allSettled([this.catchingUp]);
    await this.pool.end();
  }

  /**
   * This replica's own batch, just committed: it goes to readers before the appends resolve, so
   * a client reads its own write on the replica that took it.
   */
  private async committed(events: readonly CollabEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last) return;
    if (events[0]?.id === this.index.lastId + 1) this.publish(events);
    else await this.catchUpTo(last.id);
  }

  /** A failed read is retried by the next NOTIFY or reconnect; readers only lag until then. */
  private catchUpInBackground(target: number): void {
    this.catchUpTo(target).catch((error: unknown) =>
      this.logger.error({ err: error }, 'reading new events failed'),
    );
  }

  /** Reads rows after the index's last id until it reaches `target` (or the table's end). */
  private catchUpTo(target: number): Promise<void> {
    this.committedId = Math.max(this.committedId, target);
    this.catchUpRequested = true;
    if (!this.catchingUp && this.index.lastId >= this.committedId) return Promise.resolve();
    this.catchingUp ??= this.readNewRows();
    return this.catchingUp;
  }

  /**
   * The one catch-up loop. It forgets itself (`catchingUp`) in the same synchronous step that
   * decides it is done, so a request arriving at any other moment is either seen by the loop or
   * starts a new one: none is answered by a loop that already stopped reading.
   */
  private async readNewRows(): Promise<void> {
    try {
      for (;;) {
        this.catchUpRequested = false;
        const rows = await selectEventsAfter(this.pool, this.index.lastId);
        if (rows.length > 0) this.publish(rows);
        // A NOTIFY that arrived during an empty read may be of rows its snapshot missed: read again.
        else if (!this.catchUpRequested) this.committedId = this.index.lastId;
        if (this.index.lastId >= this.committedId || this.pool.ended) break;
      }
    } finally {
      this.catchingUp = undefined;
    }
  }

  /** Adds the events that continue the index, and wakes the readers with them. */
  private publish(events: readonly CollabEvent[]): void {
    const fresh = events.filter((event) => event.id > this.index.lastId);
    if (fresh.length === 0) return;
    // Rows have no byte offsets; the index's offsets only serve the file log's reads.
    for (const event of fresh) this.index.add(event, 0, 0);
    this.fanout.publish(fresh);
  }

  protected readRange(fromId: number, lastId: number): Promise<CollabEvent[]> {
    return selectEventRange(this.pool, fromId, lastId);
  }

  protected readRangeBefore(toId: number): Promise<CollabEvent[]> {
    return selectEventsBefore(this.pool, toId);
  }
}
