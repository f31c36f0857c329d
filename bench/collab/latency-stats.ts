/** Latency percentiles in milliseconds, nearest-rank (no interpolation between samples). */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summariseLatencies(samplesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const rank = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  };
  return {
    count: sorted.length,
    p50Ms: round(rank(0.5)),
    p99Ms: round(rank(0.99)),
    maxMs: round(sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] ?? Number.NaN)),
  };
}

/** Two decimals are more than enough for millisecond latencies and per-second rates. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Wall-clock milliseconds on the monotonic clock, comparable across callers in one process. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
