import type { EarlierTaskRun } from '@kyros/contracts/schemas/task-run-history';

/** Temporal statuses after which a run's history can no longer grow. */
const CLOSED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'TIMED_OUT',
  'CONTINUED_AS_NEW',
]);

/**
 * The timeline steps of runs that have ended, read from Temporal once: a closed run's history is
 * final, and the task drawer asks for it on every open and every reconnect. Readers of the same
 * run at once share one read. Bounded: past `capacity` runs the least recently used goes. A run
 * still open is always read afresh.
 */
export class ClosedRunSteps {
  readonly #runs = new Map<string, Promise<EarlierTaskRun>>();

  constructor(private readonly capacity = 256) {}

  read(
    runId: string,
    status: string,
    load: () => Promise<EarlierTaskRun>,
  ): Promise<EarlierTaskRun> {
    if (!CLOSED.has(status)) return load();
    const known = this.#runs.get(runId);
    if (known) {
      this.#runs.delete(runId);
      this.#runs.set(runId, known);
      return known;
    }
    const loading = load();
    this.#runs.set(runId, loading);
    // A failed read is not remembered: the next reader tries again.
    loading.catch(() => {
      if (this.#runs.get(runId) === loading) this.#runs.delete(runId);
    });
    for (const oldest of this.#runs.keys()) {
      if (this.#runs.size <= this.capacity) break;
      this.#runs.delete(oldest);
    }
    return loading;
  }
}
