import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CollabEvent, EventFilter, NewEvent } from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import { syncDirectory } from '../store/atomic-file-writer.ts';
import { EventFanout, type EventListener } from './event-fanout.ts';
import type { EventIndex } from './event-index.ts';
import {
  openEventLogFile,
  readEventRange,
  readEventRangeBefore,
  recoverEventLog,
  type EventLogFile,
  type OpenEventLogFile,
} from './event-log-file.ts';
import {
  readEventsAfter,
  readLatestEvents,
  type EventPage,
  type EventSource,
} from './event-log-reads.ts';
import { EventLogWriter, type EventLogStats } from './event-log-writer.ts';
import type { CollabEventLog } from './collab-event-log.ts';
import { parseNewEvent } from './parse-new-event.ts';

export type { EventListener } from './event-fanout.ts';
export type { EventPage } from './event-log-reads.ts';

export interface EventLogOptions {
  /** The collaboration directory; the log is `events/events.jsonl` inside it. */
  collabDir: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** How many recent events stay in memory (default 10,000); older ones are read from the file. */
  memoryWindow?: number;
  openFile?: OpenEventLogFile;
  now?: () => Date;
}

export const EVENT_LOG_PATH = 'events/events.jsonl';

/**
 * The append-only event log. Appends are durable when they resolve, and concurrent ones share one
 * fsync (group commit, `event-log-writer.ts`). Readers pull from the in-memory index, or from the
 * file for older events (`event-log-reads.ts`), so a slow reader only falls behind and never
 * makes the log buffer for it; live readers are woken after each commit (`event-fanout.ts`).
 */
export class EventLog implements CollabEventLog {
  readonly stats: EventLogStats;
  private closing: Promise<void> | undefined;
  private readonly writer: EventLogWriter;
  private readonly fanout: EventFanout;

  private constructor(
    readonly file: string,
    private readonly handle: EventLogFile,
    private readonly index: EventIndex,
    logger: EventLogOptions['logger'],
    now: () => Date,
  ) {
    this.fanout = new EventFanout(logger);
    this.writer = new EventLogWriter({
      file,
      handle,
      index,
      logger,
      now,
      onCommit: (events) => this.fanout.publish(events),
    });
    this.stats = this.writer.stats;
  }

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
    return this.fanout.readersStopped;
  }

  firstIdAtOrAfter(timeMs: number): number {
    return this.index.firstIdAtOrAfter(timeMs);
  }

  /** Resolves once the event is fsynced; rejects with `unavailable` (503) if it could not be. */
  append(input: NewEvent): Promise<CollabEvent> {
    if (this.closed) return Promise.reject(closedError());
    try {
      return this.writer.enqueue(parseNewEvent(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** This process is the only writer: what it committed is all there is. */
  catchUp(): Promise<void> {
    return Promise.resolve();
  }

  /** Events after `after` that match, at most `limit`, oldest first. */
  readAfter(after: number, filter: EventFilter, limit: number): Promise<EventPage> {
    return readEventsAfter(this.source(), after, filter, limit);
  }

  /** The newest `limit` events that match, oldest first; `nextAfter` resumes a tail after them. */
  readLatest(filter: EventFilter, limit: number): Promise<EventPage> {
    return readLatestEvents(this.source(), filter, limit);
  }

  /**
   * Live delivery of every committed batch, in order, synchronously after its fsync (a listener
   * must not block); returns the unsubscribe function.
   */
  subscribe(listener: EventListener): () => void {
    return this.fanout.subscribe(listener);
  }

  /** Calls back once when {@link stopReaders} runs (at once if it already has); returns the undo. */
  onReadersStopped(callback: () => void): () => void {
    return this.fanout.onReadersStopped(callback);
  }

  /** Resolves when an event after `after` is committed, the signal aborts or the log closes. */
  waitForEventsAfter(after: number, signal: AbortSignal): Promise<void> {
    if (this.index.lastId > after) return Promise.resolve();
    return this.fanout.waitForCommit(signal);
  }

  /**
   * First step of shutdown: ends every stream and long-poll (after they deliver what is committed)
   * while appends still work, so in-flight requests can finish before {@link close}.
   */
  stopReaders(): void {
    this.fanout.stopReaders();
  }

  /** Stops the readers, commits the appends already accepted, then refuses new ones (503). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopReaders();
      await this.writer.drain();
      await this.handle.close();
    })();
    return this.closing;
  }

  private source(): EventSource {
    return {
      index: this.index,
      readRange: (fromId: number, lastId: number) =>
        this.readingFile(() => readEventRange(this.handle, this.index, fromId, lastId)),
      readRangeBefore: (toId: number) =>
        this.readingFile(() => readEventRangeBefore(this.handle, this.index, toId)),
    };
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
