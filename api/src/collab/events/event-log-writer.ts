import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import type { EventIndex } from './event-index.ts';
import { writeFully, type EventLogFile } from './event-log-file.ts';

export interface EventLogWriterOptions {
  /** The log's path, for the log lines of a failed write. */
  file: string;
  handle: EventLogFile;
  /** The index of what is committed; the writer adds each committed event to it. */
  index: EventIndex;
  logger: Pick<Logger, 'error'>;
  now: () => Date;
  /** Called synchronously after each batch's fsync, in commit order. */
  onCommit: (events: readonly CollabEvent[]) => void;
}

/** Group-commit counters; in PostgreSQL a write is one INSERT and an fsync one COMMIT. */
export interface EventLogStats {
  appends: number;
  writes: number;
  fsyncs: number;
  failedWrites: number;
}

interface PendingAppend {
  event: Omit<CollabEvent, 'id' | 'ts'>;
  resolve(event: CollabEvent): void;
  reject(error: Error): void;
}

interface Batch {
  pending: PendingAppend[];
  events: CollabEvent[];
  lines: string[];
}

const MAX_BATCH_BYTES = 4 << 20;

/**
 * The write side of the event log, with group commit: concurrent appends share one write and one
 * fsync (while a commit is in flight the next ones queue, then go together). A failed write
 * rejects every append of its batch with `unavailable`, truncates the file back to the last good
 * line and leaves ids unburned.
 */
export class EventLogWriter {
  readonly stats: EventLogStats = { appends: 0, writes: 0, fsyncs: 0, failedWrites: 0 };
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private tailDirty = false;

  constructor(private readonly options: EventLogWriterOptions) {}

  /** Resolves with the event, its id and time given, once it is fsynced. */
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
      while (this.queue.length > 0) await this.commit(this.takeBatch());
    } finally {
      this.flushing = undefined;
    }
  }

  private takeBatch(): Batch {
    const { index, now } = this.options;
    const firstId = index.lastId + 1;
    // One instant per batch, never before the previous one: `ts` order follows `id` order.
    const ts = new Date(Math.max(now().getTime(), index.lastTimeMs ?? 0)).toISOString();
    const batch: Batch = { pending: [], events: [], lines: [] };
    let bytes = 0;
    while (bytes < MAX_BATCH_BYTES || batch.pending.length === 0) {
      const pending = this.queue.shift();
      if (!pending) break;
      const event = { id: firstId + batch.pending.length, ts, ...pending.event };
      const line = `${JSON.stringify(event)}\n`;
      bytes += Buffer.byteLength(line);
      batch.pending.push(pending);
      batch.events.push(event);
      batch.lines.push(line);
    }
    return batch;
  }

  private async commit(batch: Batch): Promise<void> {
    const { handle, index, logger, file } = this.options;
    const start = index.endOffset;
    const bytes = Buffer.from(batch.lines.join(''), 'utf8');
    try {
      await this.repairTail();
      await writeFully(handle, bytes, start);
      this.stats.writes += 1;
      await handle.sync();
      this.stats.fsyncs += 1;
    } catch (error) {
      this.stats.failedWrites += 1;
      this.tailDirty = true;
      logger.error({ err: error, file, events: batch.events.length }, 'event append failed');
      await this.repairTail().catch((repairError: unknown) =>
        logger.error(
          { err: repairError, file },
          'event log truncate failed; retried before the next write',
        ),
      );
      const failure = new AppError(
        'unavailable',
        'The event log could not be written; nothing was recorded. Retry later.',
      );
      for (const pending of batch.pending) pending.reject(failure);
      return;
    }
    let offset = start;
    batch.events.forEach((event, i) => {
      const byteLength = Buffer.byteLength(batch.lines[i] ?? '');
      index.add(event, offset, byteLength);
      offset += byteLength;
      batch.pending[i]?.resolve(event);
    });
    this.stats.appends += batch.events.length;
    this.options.onCommit(batch.events);
  }

  /** Cuts off bytes of a failed write so the next write lands right after the last good line. */
  private async repairTail(): Promise<void> {
    if (!this.tailDirty) return;
    await this.options.handle.truncate(this.options.index.endOffset);
    await this.options.handle.sync();
    this.stats.fsyncs += 1;
    this.tailDirty = false;
  }
}
