import { ApiError } from './api-error.ts';

export interface RetryOn412Options {
  /** Total attempts including the first (default 10). */
  maxAttempts?: number;
  /** First backoff ceiling in ms, doubled per attempt (default 10). */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms (default 1000). */
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Opt-in optimistic-concurrency loop: `attempt` must re-read and re-apply its change each time
 * (the 412 of the previous try is passed in; it already carries the current ETag and document).
 * Between tries it sleeps with full jitter — a random delay up to an exponentially growing
 * ceiling — so that competing writers spread out instead of colliding again. Other errors and
 * the last 412 are rethrown.
 */
export async function withRetryOn412<T>(
  attempt: (context: { attempt: number; lastError?: ApiError }) => Promise<T>,
  options: RetryOn412Options = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.baseDelayMs ?? 10;
  const cap = options.maxDelayMs ?? 1000;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastError: ApiError | undefined;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt({ attempt: n, lastError });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 412 || n >= maxAttempts) throw error;
      lastError = error;
    }
    await sleep(random() * Math.min(cap, base * 2 ** (n - 1)));
  }
}
