import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

export type EventListener = (events: readonly CollabEvent[]) => void;

/**
 * Who hears about committed events: listeners get every batch, waiters (long-polls, streams) are
 * woken, and at shutdown the readers are told to stop. Nothing here buffers for a slow reader:
 * readers pull from the log, so one only falls behind.
 */
export class EventFanout {
  private stopped = false;
  private readonly listeners = new Set<EventListener>();
  private readonly wakers = new Set<() => void>();
  private readonly stopListeners = new Set<() => void>();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  get readersStopped(): boolean {
    return this.stopped;
  }

  /** Every committed batch, in order, synchronously (a listener must not block); returns the undo. */
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

  /** Resolves at the next commit, when the signal aborts or when the readers stop. */
  waitForCommit(signal: AbortSignal): Promise<void> {
    if (this.stopped || signal.aborted) return Promise.resolve();
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

  publish(events: readonly CollabEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'event listener failed');
      }
    }
    this.wakeAll();
  }

  stopReaders(): void {
    this.stopped = true;
    this.wakeAll();
    const stopListeners = [...this.stopListeners];
    this.stopListeners.clear();
    for (const callback of stopListeners) callback();
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
