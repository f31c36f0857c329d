import type { Logger } from 'pino';
import type { CollabEvent, EventFilter, NewEvent } from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import type { CollabEventLog } from './collab-event-log.ts';
import { EventFanout, type EventListener } from './event-fanout.ts';
import type { EventIndex } from './event-index.ts';
import { readEventsAfter, readLatestEvents, type EventPage } from './event-log-reads.ts';
import type { EventLogStats } from './event-log-writer.ts';
import { parseNewEvent } from './parse-new-event.ts';

/** What a backend's writer does for the log: group-committed appends, drained on close. */
export interface EventWriter {
  readonly stats: EventLogStats;
  enqueue(event: Omit<CollabEvent, 'id' | 'ts'>): Promise<CollabEvent>;
  drain(): Promise<void>;
}

/**
 * What both event logs share (the file's, `event-log.ts`, and PostgreSQL's,
 * `postgres-event-log.ts`): recent events in an in-memory index, older ones read from the
 * backend, live readers woken by the fanout, appends through the backend's writer. A backend
 * supplies its writer, its range reads, its catch-up and what closing releases.
 */
export abstract class IndexedEventLog implements CollabEventLog {
  protected readonly fanout: EventFanout;
  protected abstract readonly writer: EventWriter;
  private closing: Promise<void> | undefined;

  protected constructor(
    protected readonly index: EventIndex,
    logger: Pick<Logger, 'warn' | 'error'>,
  ) {
    this.fanout = new EventFanout(logger);
  }

  /** Resolves once every event committed before the call, by any process, is readable here. */
  abstract catchUp(): Promise<void>;
  /** Events with ids from `fromId` to `lastId`, read from the backend. */
  protected abstract readRange(fromId: number, lastId: number): Promise<CollabEvent[]>;
  /** The events before `toId` the backend returns in one read, oldest first. */
  protected abstract readRangeBefore(toId: number): Promise<CollabEvent[]>;
  /** Closes what the backend holds, once the readers stopped and the writer drained. */
  protected abstract releaseBackend(): Promise<void>;

  get stats(): EventLogStats {
    return this.writer.stats;
  }

  get lastId(): number {
    return this.index.lastId;
  }

  /** The first id still in the log (an operator may have truncated the head); `lastId + 1` if empty. */
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

  /** Resolves once the event is durable; rejects with `unavailable` (503) if it could not be. */
  append(input: NewEvent): Promise<CollabEvent> {
    if (this.closed) return Promise.reject(closedError());
    try {
      return this.writer.enqueue(parseNewEvent(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
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
   * Live delivery of every committed batch, in order, synchronously after its commit (a listener
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
      await this.releaseBackend();
    })();
    return this.closing;
  }

  private source() {
    return {
      index: this.index,
      readRange: (fromId: number, lastId: number) =>
        this.reading(() => this.readRange(fromId, lastId)),
      readRangeBefore: (toId: number) => this.reading(() => this.readRangeBefore(toId)),
    };
  }

  /** A read that failed because the log closed under it is a 503, not an internal error. */
  private async reading(read: () => Promise<CollabEvent[]>): Promise<CollabEvent[]> {
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
