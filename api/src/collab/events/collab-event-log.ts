import type { CollabEvent, EventFilter, NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { LogBounds } from './event-cursor.ts';
import type { EventListener } from './event-fanout.ts';
import type { EventPage } from './event-log-reads.ts';
import type { EventLogStats } from './event-log-writer.ts';
import type { EventSink } from './event-sink.ts';

export type { EventListener } from './event-fanout.ts';
export type { EventPage } from './event-log-reads.ts';

/**
 * The collaboration event log as its readers and writers see it, whatever holds it: the file
 * (`event-log.ts`, one API process) or PostgreSQL (`postgres-event-log.ts`, many replicas). Ids are
 * the SSE offsets: gapless, ascending, and seen by every reader in the same order.
 */
export interface CollabEventLog extends EventSink, LogBounds {
  /** The id of the newest event this process has seen committed; 0 when the log is empty. */
  readonly lastId: number;
  /** The first id still in the log; `lastId + 1` if empty. */
  readonly oldestAvailableId: number;
  readonly closed: boolean;
  /** True once shutdown began: streams and long-polls deliver what is committed, then end. */
  readonly readersStopped: boolean;
  /** How well appends share writes (group commit), for benchmarks and tests. */
  readonly stats: EventLogStats;
  /** The first event with `ts` ≥ the instant, or `lastId + 1`. */
  firstIdAtOrAfter(timeMs: number): number;
  /** Resolves once the event is durable; rejects with `unavailable` (503) if it could not be. */
  append(input: NewEvent): Promise<CollabEvent>;
  /**
   * Resolves once every event committed before the call, by any process, is readable here. The
   * file log has no other writer; a PostgreSQL replica reads what NOTIFY has not brought yet.
   */
  catchUp(): Promise<void>;
  /** Events after `after` that match, at most `limit`, oldest first. */
  readAfter(after: number, filter: EventFilter, limit: number): Promise<EventPage>;
  /** The newest `limit` events that match, oldest first; `nextAfter` resumes a tail after them. */
  readLatest(filter: EventFilter, limit: number): Promise<EventPage>;
  /** Every committed batch, in id order, synchronously (a listener must not block); returns the undo. */
  subscribe(listener: EventListener): () => void;
  /** Calls back once when {@link stopReaders} runs (at once if it already has); returns the undo. */
  onReadersStopped(callback: () => void): () => void;
  /** Resolves when an event after `after` is committed, the signal aborts or the readers stop. */
  waitForEventsAfter(after: number, signal: AbortSignal): Promise<void>;
  /** Ends every stream and long-poll (after what is committed) while appends still work. */
  stopReaders(): void;
  /** Stops the readers, commits the appends already accepted, then refuses new ones (503). */
  close(): Promise<void>;
}
