import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { syncDirectory } from '../store/atomic-file-writer.ts';
import type { EventIndex } from './event-index.ts';
import {
  openEventLogFile,
  readEventRange,
  readEventRangeBefore,
  recoverEventLog,
  type EventLogFile,
  type OpenEventLogFile,
} from './event-log-file.ts';
import { EventLogWriter } from './event-log-writer.ts';
import { IndexedEventLog } from './indexed-event-log.ts';

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
export class EventLog extends IndexedEventLog {
  protected readonly writer: EventLogWriter;

  private constructor(
    readonly file: string,
    private readonly handle: EventLogFile,
    index: EventIndex,
    logger: EventLogOptions['logger'],
    now: () => Date,
  ) {
    super(index, logger);
    this.writer = new EventLogWriter({
      file,
      handle,
      index,
      logger,
      now,
      onCommit: (events) => this.fanout.publish(events),
    });
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

  /** This process is the only writer: what it committed is all there is. */
  catchUp(): Promise<void> {
    return Promise.resolve();
  }

  protected readRange(fromId: number, lastId: number): Promise<CollabEvent[]> {
    return readEventRange(this.handle, this.index, fromId, lastId);
  }

  protected readRangeBefore(toId: number): Promise<CollabEvent[]> {
    return readEventRangeBefore(this.handle, this.index, toId);
  }

  protected releaseBackend(): Promise<void> {
    return this.handle.close();
  }
}
