import type pg from 'pg';
import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { inTransaction } from '../../adapters/postgres-transaction.ts';
import { AppError } from '../../errors/app-error.ts';
import type { EventLogStats } from './event-log-writer.ts';
import { insertEvents } from './postgres-event-rows.ts';

export interface PostgresEventWriterOptions {
  pool: pg.Pool;
  /** The NOTIFY channel every replica listens on. */
  channel: string;
  logger: Pick<Logger, 'error'>;
  now: () => Date;
  /** Called after each batch's COMMIT, before its appends resolve, in commit order. */
  onCommit: (events: readonly CollabEvent[]) => Promise<void>;
}

interface PendingAppend {
  event: Omit<CollabEvent, 'id' | 'ts'>;
  resolve(event: CollabEvent): void;
  reject(error: Error): void;
}

/** One advisory lock key for the whole log: "kyros" in ASCII. */
export const APPEND_LOCK = 0x6b_79_72_6f_73;
const MAX_BATCH = 1000;

/**
 * The write side of the PostgreSQL event log, with group commit: appends that arrive while a
 * transaction is in flight go together in the next one (one INSERT, one COMMIT).
 *
 * Ordering across replicas: every append transaction first takes one transaction-level advisory
 * lock, then reads the last row and numbers its events from there. The lock is released only
 * after COMMIT has made the rows visible, so the next writer, on any replica, numbers after them
 * and commits after them: ids become visible in id order, and a reader that sees id n sees every
 * id before it. A sequence could not promise that (id 11 may commit before id 10, and a rolled-back
 * transaction burns its ids), and a reader would then skip an event for good.
 */
export class PostgresEventWriter {
  readonly stats: EventLogStats = { appends: 0, writes: 0, fsyncs: 0, failedWrites: 0 };
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: PostgresEventWriterOptions) {}

  /** Resolves with the event, its id and time given, once its transaction committed. */
  enqueue(event: Omit<CollabEvent, 'id' | 'ts'>): Promise<CollabEvent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      // Starting on the next turn lets appends issued in the same turn share the first commit.
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.flush());
    });
  }

  /** Resolves once every append accepted so far is committed or refused. */
  async drain(): Promise<void> {
    await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.flushing = undefined;
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    let events: CollabEvent[];
    try {
      events = await this.insert(batch);
    } catch (error) {
      this.stats.failedWrites += 1;
      this.options.logger.error({ err: error, events: batch.length }, 'event append failed');
      const failure = new AppError(
        'unavailable',
        error instanceof CommitUnconfirmed
          ? 'The event log did not confirm the write; it may have been recorded. Read the log before retrying.'
          : 'The event log could not be written; nothing was recorded. Retry later.',
      );
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.stats.appends += events.length;
    try {
      await this.options.onCommit(events);
    } catch (error) {
      // The rows are committed: the appends succeeded even if this replica's readers lag.
      this.options.logger.error({ err: error }, 'delivering committed events failed');
    }
    events.forEach((event, i) => batch[i]?.resolve(event));
  }

  private async insert(batch: PendingAppend[]): Promise<CollabEvent[]> {
    // READ COMMITTED (the default) is required: under REPEATABLE READ the snapshot would predate
    // the lock and miss the last row.
    const events = await inTransaction(
      this.options.pool,
      async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
        // A statement of its own, after the lock: in READ COMMITTED its snapshot then includes
        // the previous lock holder's commit.
        const inserted = await insertEvents(
          client,
          batch.map((pending) => pending.event),
          this.options.now(),
          this.options.channel,
        );
        this.stats.writes += 1;
        return inserted;
      },
      { commitFailed: (error) => new CommitUnconfirmed(error) },
    );
    this.stats.fsyncs += 1;
    return events;
  }
}

/** COMMIT was sent but its answer never came: the batch may or may not be in the table. */
class CommitUnconfirmed extends Error {
  constructor(cause: unknown) {
    super('COMMIT was not confirmed', { cause });
  }
}
