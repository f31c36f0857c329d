import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  NewEventSchema,
  type CollabEvent,
  type EventFilter,
  type NewEvent,
} from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import type { EventIndex } from './event-index.ts';
import { matchesEventFilter } from './event-filter.ts';
import {
  openEventLogFile,
  readEventRange,
  readEventRangeBefore,
  recoverEventLog,
  writeFully,
  type EventLogFile,
  type OpenEventLogFile,
} from './event-log-file.ts';
import type { EventSink } from './event-sink.ts';
import { syncDirectory } from '../store/atomic-file-writer.ts';
import { parseInput } from './parse-input.ts';

export interface EventLogOptions {
  /** The collaboration directory; the log is `events/events.jsonl` inside it. */
  collabDir: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** How many recent events stay in memory (default 10,000); older ones are read from the file. */
  memoryWindow?: number;
  openFile?: OpenEventLogFile;
  now?: () => Date;
}

export interface EventPage {
  events: CollabEvent[];
  /** Every event up to this id has been considered; pass it as `after` next time. */
  nextAfter: number;
}

export type EventListener = (events: readonly CollabEvent[]) => void;

interface PendingAppend {
  event: Omit<CollabEvent, 'id' | 'ts'>;
  resolve(event: CollabEvent): void;
  reject(error: Error): void;
}

export const EVENT_LOG_PATH = 'events/events.jsonl';
const MAX_BATCH_BYTES = 4 << 20;

/**
 * The append-only event log. Appends are durable when they resolve: concurrent appends share one
 * write and one fsync (group commit — while a commit is in flight the next ones queue, then go
 * together). A failed write rejects every append of its batch, truncates the file back and leaves
 * ids unburned. Readers pull from the in-memory index, or from the file for older events, so a
 * slow reader only falls behind and never makes the log buffer for it.
 */
export class EventLog implements EventSink {
  readonly stats = { appends: 0, writes: 0, fsyncs: 0, failedWrites: 0 };
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private tailDirty = false;
  private stopped = false;
  private readonly listeners = new Set<EventListener>();
  private readonly wakers = new Set<() => void>();
  private readonly stopListeners = new Set<() => void>();

  private constructor(
    readonly file: string,
    private readonly handle: EventLogFile,
    private readonly index: EventIndex,
    private readonly logger: EventLogOptions['logger'],
    private readonly now: () => Date,
  ) {}

  static async open(options: EventLogOptions): Promise<EventLog> {
    const file = path.join(options.collabDir, EVENT_LOG_PATH);
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await (options.openFile ?? openEventLogFile)(file);
    try {
      const index = await recoverEventLog(
        handle,
        file,
        options.logger,
        options.memoryWindow ?? 10_000,
      );
      // The file may have just been created; its directory entry must be durable too.
      await syncDirectory(path.dirname(file));
      return new EventLog(file, handle, index, options.logger, options.now ?? (() => new Date()));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get lastId(): number {
    return this.index.lastId;
  }

  /** The first id still in the file (an operator may have truncated the head); `lastId + 1` if empty. */
  get oldestAvailableId(): number {
    return this.index.oldestId;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** True once shutdown began: streams and long-polls deliver what is committed, then end. */
  get readersStopped(): boolean {
    return this.stopped;
  }

  firstIdAtOrAfter(timeMs: number): number {
    return this.index.firstIdAtOrAfter(timeMs);
  }

  /** Resolves once the event is fsynced; rejects with `unavailable` (503) if it could not be. */
  append(input: NewEvent): Promise<CollabEvent> {
    if (this.closed) return Promise.reject(closedError());
    let event: Omit<CollabEvent, 'id' | 'ts'>;
    try {
      // Round-tripping through JSON validates exactly what will be written and read back.
      event = parseInput(NewEventSchema, JSON.parse(JSON.stringify(input)), 'event');
    } catch (error) {
      const invalid =
        error instanceof AppError ? error : new AppError('invalid', 'The event is not JSON');
      return Promise.reject(invalid);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      // Starting on the next turn lets appends issued in the same turn share the first commit.
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.flush());
    });
  }

  /** Events after `after` that match, at most `limit`, oldest first. */
  async readAfter(after: number, filter: EventFilter, limit: number): Promise<EventPage> {
    const last = this.index.lastId;
    let cursor = Math.max(after, this.index.oldestId - 1);
    const events: CollabEvent[] = [];
    while (cursor < last && events.length < limit) {
      const fromMemory = this.index.recentEvent(cursor + 1);
      const batch = fromMemory ? [fromMemory] : await this.readFromFile(cursor + 1, last);
      for (const event of batch) {
        cursor = event.id;
        if (matchesEventFilter(event, filter)) events.push(event);
        if (events.length >= limit) break;
      }
    }
    return { events, nextAfter: cursor };
  }

  /**
   * The newest `limit` events that match, oldest first, read backwards from the end so the cost
   * follows what is read, not the length of the log. `nextAfter` is the last id considered: a
   * tail resumed from it misses nothing.
   */
  async readLatest(filter: EventFilter, limit: number): Promise<EventPage> {
    const last = this.index.lastId;
    const newestFirst: CollabEvent[] = [];
    let cursor = last;
    while (cursor >= this.index.oldestId && newestFirst.length < limit) {
      const fromMemory = this.index.recentEvent(cursor);
      const batch = fromMemory ? [fromMemory] : await this.readFromFileBefore(cursor);
      for (let i = batch.length - 1; i >= 0 && newestFirst.length < limit; i -= 1) {
        const event = batch[i];
        if (event && matchesEventFilter(event, filter)) newestFirst.push(event);
      }
      cursor = (batch[0]?.id ?? cursor) - 1;
    }
    return { events: newestFirst.reverse(), nextAfter: last };
  }

  /**
   * Live delivery of every committed batch, in order, synchronously after its fsync (a listener
   * must not block); returns the unsubscribe function.
   */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls back once when {@link stopReaders} runs (at once if it already has); returns the undo. */
  onReadersStopped(callback: () => void): () => void {
    if (this.stopped) {
      callback();
      return () => undefined;
    }
    this.stopListeners.add(callback);
    return () => this.stopListeners.delete(callback);
  }

  /** Resolves when an event after `after` is committed, the signal aborts or the log closes. */
  waitForEventsAfter(after: number, signal: AbortSignal): Promise<void> {
    if (this.index.lastId > after || this.stopped || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.wakers.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  /**
   * First step of shutdown: ends every stream and long-poll (after they deliver what is committed)
   * while appends still work, so in-flight requests can finish before {@link close}.
   */
  stopReaders(): void {
    this.stopped = true;
    for (const wake of [...this.wakers]) wake();
    const stopListeners = [...this.stopListeners];
    this.stopListeners.clear();
    for (const callback of stopListeners) callback();
  }

  /** Stops the readers, commits the appends already accepted, then refuses new ones (503). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopReaders();
      await this.flushing;
      await this.handle.close();
    })();
    return this.closing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.takeBatch());
    } finally {
      this.flushing = undefined;
    }
  }

  private takeBatch(): { pending: PendingAppend[]; events: CollabEvent[]; lines: string[] } {
    const firstId = this.index.lastId + 1;
    // One instant per batch, never before the previous one: `ts` order follows `id` order.
    const ts = new Date(Math.max(this.now().getTime(), this.index.lastTimeMs ?? 0)).toISOString();
    const batch = {
      pending: [] as PendingAppend[],
      events: [] as CollabEvent[],
      lines: [] as string[],
    };
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

  private async commit(batch: ReturnType<EventLog['takeBatch']>): Promise<void> {
    const start = this.index.endOffset;
    const bytes = Buffer.from(batch.lines.join(''), 'utf8');
    try {
      await this.repairTail();
      await writeFully(this.handle, bytes, start);
      this.stats.writes += 1;
      await this.handle.sync();
      this.stats.fsyncs += 1;
    } catch (error) {
      this.stats.failedWrites += 1;
      this.tailDirty = true;
      this.logger.error(
        { err: error, file: this.file, events: batch.events.length },
        'event append failed',
      );
      await this.repairTail().catch((repairError: unknown) =>
        this.logger.error(
          { err: repairError, file: this.file },
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
      this.index.add(event, offset, byteLength);
      offset += byteLength;
      batch.pending[i]?.resolve(event);
    });
    this.stats.appends += batch.events.length;
    this.publish(batch.events);
  }

  /** Cuts off bytes of a failed write so the next write lands right after the last good line. */
  private async repairTail(): Promise<void> {
    if (!this.tailDirty) return;
    await this.handle.truncate(this.index.endOffset);
    await this.handle.sync();
    this.stats.fsyncs += 1;
    this.tailDirty = false;
  }

  private publish(events: readonly CollabEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'event listener failed');
      }
    }
    for (const wake of [...this.wakers]) wake();
  }

  private readFromFile(fromId: number, lastId: number): Promise<CollabEvent[]> {
    return this.readingFile(() => readEventRange(this.handle, this.index, fromId, lastId));
  }

  private readFromFileBefore(toId: number): Promise<CollabEvent[]> {
    return this.readingFile(() => readEventRangeBefore(this.handle, this.index, toId));
  }

  /** A read that failed because the log closed under it is a 503, not an internal error. */
  private async readingFile(read: () => Promise<CollabEvent[]>): Promise<CollabEvent[]> {
    try {
      return await read();
    } catch (error) {
      if (this.closed) throw closedError();
      throw error;
    }
  }
}

function closedError(): AppError {
  return new AppError('unavailable', 'The event log is closed; the API is shutting down.');
}
