import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { EventIndex } from './event-index.ts';
import {
  EventLogScanner,
  parseEventLine,
  type ScanResult,
  type ScannedEvent,
} from './event-log-scanner.ts';

/**
 * The few file operations the event log performs, all positional. Injectable so that tests can
 * make a write or an fsync fail on demand; production uses {@link openEventLogFile}.
 */
export interface EventLogFile {
  read(buffer: Buffer, position: number): Promise<number>;
  write(buffer: Buffer, position: number): Promise<number>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenEventLogFile = (path: string) => Promise<EventLogFile>;

/** Opens read-write without O_APPEND: on Linux O_APPEND ignores the position of a `pwrite`. */
export const openEventLogFile: OpenEventLogFile = async (path) => {
  const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  return {
    async read(buffer, position) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return bytesRead;
    },
    async write(buffer, position) {
      const { bytesWritten } = await handle.write(buffer, 0, buffer.length, position);
      return bytesWritten;
    },
    sync: () => handle.sync(),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
};

const READ_CHUNK_BYTES = 1 << 20;
const MAX_RANGE_BYTES = 1 << 20;

/**
 * Rebuilds the index from the file at start-up. A torn tail (an unacknowledged write cut short by
 * a crash) is truncated away with a warning; corruption anywhere else throws, naming the line.
 */
export async function recoverEventLog(
  file: EventLogFile,
  path: string,
  logger: Pick<Logger, 'warn'>,
  memoryWindow: number,
): Promise<EventIndex> {
  const index = new EventIndex(memoryWindow);
  const { goodLength, tornTail } = await scanEventLogFile(file, path, (events) => {
    for (const { event, offset, byteLength } of events) index.add(event, offset, byteLength);
  });
  if (tornTail) {
    logger.warn(
      { file: path, ...tornTail, keptBytes: goodLength },
      `event log ${path}: truncating a torn tail from line ${tornTail.line} (${tornTail.reason}); it was never acknowledged`,
    );
    await file.truncate(goodLength);
    await file.sync();
  }
  return index;
}

/**
 * Reads the file from the start, about a megabyte at a time, and hands `onEvents` the valid
 * events each chunk completes (awaited before the next read, so memory holds one chunk). Throws
 * `EventLogCorruptError` on corruption; a torn tail is only reported.
 */
export async function scanEventLogFile(
  file: Pick<EventLogFile, 'read'>,
  path: string,
  onEvents: (events: ScannedEvent[]) => Promise<void> | void,
): Promise<ScanResult> {
  const scanner = new EventLogScanner(path);
  const buffer = Buffer.alloc(READ_CHUNK_BYTES);
  for (let position = 0; ;) {
    const bytesRead = await file.read(buffer, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const events = scanner.push(buffer.subarray(0, bytesRead));
    if (events.length > 0) await onEvents(events);
  }
  return scanner.finish();
}

/**
 * Reads committed events from `fromId` on, about a megabyte of whole lines at a time and never
 * into the in-memory window. Committed bytes are never rewritten, so this needs no lock.
 */
export async function readEventRange(
  file: EventLogFile,
  index: EventIndex,
  fromId: number,
  lastId: number,
): Promise<CollabEvent[]> {
  const start = index.offsetOf(fromId);
  const stopId = Math.min(lastId, index.recentFirstId - 1);
  let toId = fromId;
  while (toId < stopId && index.offsetOf(toId + 2) - start <= MAX_RANGE_BYTES) toId += 1;
  return readLines(file, index, fromId, toId);
}

/**
 * The backward twin of {@link readEventRange}: committed events up to `toId`, about a megabyte of
 * whole lines ending there (at least one), oldest first. Reading the tail of the log this way
 * costs what the tail holds, never what the log holds.
 */
export async function readEventRangeBefore(
  file: EventLogFile,
  index: EventIndex,
  toId: number,
): Promise<CollabEvent[]> {
  const end = index.offsetOf(toId + 1);
  let fromId = toId;
  while (fromId > index.oldestId && end - index.offsetOf(fromId - 1) <= MAX_RANGE_BYTES) {
    fromId -= 1;
  }
  return readLines(file, index, fromId, toId);
}

async function readLines(
  file: EventLogFile,
  index: EventIndex,
  fromId: number,
  toId: number,
): Promise<CollabEvent[]> {
  const start = index.offsetOf(fromId);
  const buffer = Buffer.alloc(index.offsetOf(toId + 1) - start);
  for (let done = 0; done < buffer.length;) {
    const read = await file.read(buffer.subarray(done), start + done);
    if (read === 0) throw new Error('the event log file is shorter than its index');
    done += read;
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => {
      const parsed = parseEventLine(line);
      if (!parsed.ok)
        throw new Error(`the event log changed on disk behind the API: ${parsed.reason}`);
      return parsed.event;
    });
}

export async function writeFully(
  file: EventLogFile,
  bytes: Buffer,
  position: number,
): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += await file.write(bytes.subarray(done), position + done);
  }
}
