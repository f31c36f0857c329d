import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

/**
 * What the event log keeps in memory: the byte offset and timestamp of every event (so any id or
 * instant is found without reading the file) and the most recent `window` events themselves (so
 * live subscribers and recent resumes never touch the disk). Older events are read back from the
 * file by offset.
 */
export class EventIndex {
  private readonly offsets: number[] = [];
  private readonly times: number[] = [];
  private recent: CollabEvent[] = [];
  private firstId = 1;
  private length = 0;

  constructor(private readonly window: number) {}

  /** Byte length of the committed file. */
  get endOffset(): number {
    return this.length;
  }

  /** The id of the first event still in the file; `lastId + 1` when the log is empty. */
  get oldestId(): number {
    return this.firstId;
  }

  get lastId(): number {
    return this.firstId + this.offsets.length - 1;
  }

  get lastTimeMs(): number | undefined {
    return this.times.at(-1);
  }

  /** Ids from here on are in memory. */
  get recentFirstId(): number {
    return this.lastId - this.recent.length + 1;
  }

  add(event: CollabEvent, offset: number, byteLength: number): void {
    if (this.offsets.length === 0) this.firstId = event.id;
    else if (event.id !== this.lastId + 1) {
      throw new Error(`event id ${event.id} does not follow ${this.lastId}`);
    }
    this.offsets.push(offset);
    this.times.push(Date.parse(event.ts));
    this.recent.push(event);
    // Trimming in halves keeps appends amortised O(1).
    if (this.recent.length >= 2 * this.window) this.recent = this.recent.slice(-this.window);
    this.length = offset + byteLength;
  }

  /** Where the line of event `id` starts; `lastId + 1` maps to the end of the file. */
  offsetOf(id: number): number {
    if (id === this.lastId + 1) return this.length;
    const offset = this.offsets[id - this.firstId];
    if (offset === undefined) throw new RangeError(`event ${id} is not in the log`);
    return offset;
  }

  recentEvent(id: number): CollabEvent | undefined {
    return id >= this.recentFirstId ? this.recent[id - this.recentFirstId] : undefined;
  }

  /** The first event with `ts` ≥ the instant, or `lastId + 1`; timestamps never go backwards. */
  firstIdAtOrAfter(timeMs: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.times[middle] ?? Infinity) < timeMs) low = middle + 1;
      else high = middle;
    }
    return this.firstId + low;
  }
}
