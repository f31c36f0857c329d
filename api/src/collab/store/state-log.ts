import { constants } from 'node:fs';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';
import type { FileWriter } from './atomic-file-writer.ts';

/**
 * One segment of a kind's state log, open for appending. Each append is one line written at the
 * end and fsynced before it resolves. A failed append leaves the file as it was: the bytes it may
 * have written are cut off before the next append (or, after a crash, by {@link readSegment}).
 */
export class StateLogSegment {
  #tailDirty = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private length: number,
    private readonly writer: FileWriter,
  ) {}

  /** Opens (creating it when missing) a segment whose first `length` bytes are whole lines. */
  static async open(file: string, length: number, writer: FileWriter): Promise<StateLogSegment> {
    // Not O_APPEND: on Linux it ignores the position of a positional write.
    const handle = await open(file, constants.O_RDWR | constants.O_CREAT, 0o644);
    return new StateLogSegment(file, handle, length, writer);
  }

  get size(): number {
    return this.length;
  }

  async append(line: string): Promise<void> {
    const bytes = Buffer.from(line, 'utf8');
    if (this.#tailDirty) await this.#repairTail();
    try {
      await this.writer.append(this.handle, bytes, this.length);
    } catch (error) {
      this.#tailDirty = true;
      // Best effort now; if it fails too, the next append retries it before writing.
      await this.#repairTail().catch(() => undefined);
      throw error;
    }
    this.length += bytes.length;
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  async #repairTail(): Promise<void> {
    await this.handle.truncate(this.length);
    await this.handle.sync();
    this.#tailDirty = false;
  }
}

export interface SegmentContent {
  records: unknown[];
  /** Bytes that hold whole, parseable lines. */
  goodLength: number;
  /** Set when the last line was cut short by a crash: it was never acknowledged. */
  tornTail: string | undefined;
}

/**
 * Reads a segment's lines. Only the end can be torn (lines are appended, acknowledged after their
 * fsync, and a failed append is cut off before the next): an unparseable or unterminated last
 * line is reported as a torn tail, an unparseable line with a valid one after it is corruption.
 */
export async function readSegment(file: string): Promise<SegmentContent> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const unterminated = lines.pop() ?? '';
  const records: unknown[] = [];
  let goodLength = 0;
  for (const [i, line] of lines.entries()) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (i === lines.length - 1 && unterminated === '') {
        return { records, goodLength, tornTail: `line ${i + 1} is not JSON` };
      }
      throw new CollabStoreCorruptError(file, `line ${i + 1} is not JSON, yet lines follow it`);
    }
    records.push(record);
    goodLength += Buffer.byteLength(line, 'utf8') + 1;
  }
  const tornTail = unterminated === '' ? undefined : `line ${lines.length + 1} has no newline`;
  return { records, goodLength, tornTail };
}

/** Cuts a torn tail off, durably, so the next append starts after the last whole line. */
export async function cutTornTail(file: string, goodLength: number): Promise<void> {
  await truncate(file, goodLength);
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
