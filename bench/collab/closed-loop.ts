import { round } from './latency-stats.ts';

export interface ClosedLoopResult {
  ops: number;
  errors: number;
  /** The first few distinct error messages, so a broken run says why. */
  errorSamples: string[];
  elapsedMs: number;
  opsPerSec: number;
  latenciesMs: number[];
}

/**
 * `clients` workers each run `operation` back to back until `durationMs` has passed (a closed
 * loop: a worker issues its next request only when the previous one answered). Operations still
 * in flight at the deadline finish and count; the rate is divided by the real elapsed time.
 */
export async function runClosedLoop(
  clients: number,
  durationMs: number,
  operation: (client: number) => Promise<void>,
): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async (client: number): Promise<void> => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        await operation(client);
        latenciesMs.push(performance.now() - begin);
      } catch (error) {
        errors += 1;
        if (errorSamples.size < 5) errorSamples.add(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => worker(client)));
  const elapsedMs = performance.now() - started;
  return {
    ops: latenciesMs.length,
    errors,
    errorSamples: [...errorSamples],
    elapsedMs: round(elapsedMs),
    opsPerSec: round((latenciesMs.length * 1000) / elapsedMs),
    latenciesMs,
  };
}
