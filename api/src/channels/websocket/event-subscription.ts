import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';
import { matchesEventFilter } from '../../collab/events/event-filter.ts';
import type { CollabEventLog } from '../../collab/events/collab-event-log.ts';

const CATCH_UP_PAGE = 256;

export interface SubscriptionSink {
  /** Bytes the socket has not written yet. */
  bufferedAmount(): number;
  /** Sends one event; `done` runs once the socket has written it (or failed to). */
  send(event: CollabEvent, done?: () => void): void;
  isOpen(): boolean;
}

/**
 * Live events for one WebSocket subscription, in order and each once. Caught up, it forwards each
 * committed batch as it becomes durable. When the socket's buffer passes the high-water mark it
 * stops forwarding and, once the socket has written what it holds, pulls from the log from where
 * it stopped — so a slow client lags behind instead of making the server buffer for it (the
 * SSE stream's rule, api/src/collab/events/stream-events.ts).
 */
export class EventSubscription {
  #lastId: number;
  #behind = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly log: CollabEventLog,
    private readonly filter: EventFilter,
    private readonly sink: SubscriptionSink,
    private readonly highWaterBytes: number,
    after: number | undefined,
  ) {
    this.#lastId = Math.min(after ?? log.lastId, log.lastId);
    this.#unsubscribe = log.subscribe((batch) => this.#onBatch(batch));
    if (this.#lastId < log.lastId) this.#fallBehind();
  }

  /** Where delivery starts: every matching event after this id follows. */
  get startedAfter(): number {
    return this.#lastId;
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
  }

  #onBatch(batch: readonly CollabEvent[]): void {
    if (this.#closed || this.#behind) return;
    const first = batch[0];
    const last = batch.at(-1);
    if (!first || !last || last.id <= this.#lastId) return;
    if (first.id !== this.#lastId + 1 || this.sink.bufferedAmount() > this.highWaterBytes) {
      this.#fallBehind();
      return;
    }
    for (const event of batch) if (matchesEventFilter(event, this.filter)) this.sink.send(event);
    this.#lastId = last.id;
  }

  #fallBehind(): void {
    if (this.#behind) return;
    this.#behind = true;
    this.#catchUp().catch(() => this.close());
  }

  /** Pulls pages after `#lastId` until caught up with the log, waiting for the socket to drain. */
  async #catchUp(): Promise<void> {
    while (!this.#closed && this.sink.isOpen()) {
      const page = await this.log.readAfter(this.#lastId, this.filter, CATCH_UP_PAGE);
      let drained: Promise<void> | undefined;
      page.events.forEach((event, index) => {
        if (index === page.events.length - 1) {
          drained = new Promise((resolve) => this.sink.send(event, resolve));
        } else {
          this.sink.send(event);
        }
      });
      this.#lastId = Math.max(this.#lastId, page.nextAfter);
      if (drained && this.sink.bufferedAmount() > this.highWaterBytes) await drained;
      // Synchronously caught up: the next committed batch is forwarded live.
      if (this.#lastId >= this.log.lastId) {
        this.#behind = false;
        return;
      }
    }
  }
}
