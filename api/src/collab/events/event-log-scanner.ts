import { CollabEventSchema, type CollabEvent } from '@kyros/contracts/schemas/collab-events';

/** A committed event and where its line starts in the file. */
export interface ScannedEvent {
  event: CollabEvent;
  offset: number;
  byteLength: number;
}

/** Lines at the end of the file that a crash tore; start-up truncates them away. */
export interface TornTail {
  line: number;
  offset: number;
  reason: string;
  droppedLines: number;
}

export interface ScanResult {
  /** Bytes that hold whole, valid lines; everything after is the torn tail. */
  goodLength: number;
  tornTail: TornTail | undefined;
}

/**
 * Reads `events.jsonl` chunk by chunk and decides what start-up may keep. Only the tail can be
 * torn — appends are written at the end and acknowledged after fsync — so invalid lines with
 * nothing valid after them are an unacknowledged write that a crash cut short. An invalid line
 * followed by a valid one, or ids that do not count up by one, is corruption that no crash of ours
 * produces: start-up stops and names the line, and the file is never repaired behind an
 * operator's back.
 */
export class EventLogScanner {
  private remainder = Buffer.alloc(0);
  private offset = 0;
  private line = 0;
  private lastId: number | undefined;
  private firstBad: { line: number; offset: number; reason: string } | undefined;
  private badLines = 0;

  constructor(private readonly file: string) {}

  /** Feeds the next chunk; returns the events of the lines it completed. */
  push(chunk: Buffer): ScannedEvent[] {
    const data = this.remainder.length ? Buffer.concat([this.remainder, chunk]) : chunk;
    const events: ScannedEvent[] = [];
    let start = 0;
    for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
      const scanned = this.scanLine(data.subarray(start, newline + 1));
      if (scanned) events.push(scanned);
      this.offset += newline + 1 - start;
      start = newline + 1;
    }
    this.remainder = Buffer.from(data.subarray(start));
    return events;
  }

  /** Call at end of file: an unterminated last line is always torn (we write "\n" with the line). */
  finish(): ScanResult {
    if (this.remainder.length > 0) {
      this.line += 1;
      this.markBad('the line has no terminating newline');
    }
    if (!this.firstBad) return { goodLength: this.offset, tornTail: undefined };
    return {
      goodLength: this.firstBad.offset,
      tornTail: { ...this.firstBad, droppedLines: this.badLines },
    };
  }

  private scanLine(bytes: Buffer): ScannedEvent | undefined {
    this.line += 1;
    const parsed = parseEventLine(bytes.subarray(0, -1).toString('utf8'));
    if (!parsed.ok) {
      this.markBad(parsed.reason);
      return undefined;
    }
    if (this.firstBad) {
      throw this.corruption(
        this.firstBad.line,
        `${this.firstBad.reason}, yet line ${this.line} after it holds a valid event`,
      );
    }
    const { event } = parsed;
    if (this.lastId !== undefined && event.id !== this.lastId + 1) {
      throw this.corruption(this.line, `event id ${event.id} does not follow id ${this.lastId}`);
    }
    this.lastId = event.id;
    return { event, offset: this.offset, byteLength: bytes.length };
  }

  private markBad(reason: string): void {
    this.badLines += 1;
    this.firstBad ??= { line: this.line, offset: this.offset, reason };
  }

  private corruption(line: number, reason: string): Error {
    return new EventLogCorruptError(
      `Event log ${this.file} is corrupt at line ${line}: ${reason}. The log is append-only and is never repaired automatically; restore it from a backup or move the damaged lines out, then start again.`,
    );
  }
}

/** An event log that no crash of ours could have produced; start-up stops rather than repair it. */
export class EventLogCorruptError extends Error {
  override name = 'EventLogCorruptError';
}

export function parseEventLine(
  text: string,
): { ok: true; event: CollabEvent } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  const result = CollabEventSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      reason: `not an event (${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'})`,
    };
  }
  return { ok: true, event: result.data };
}
