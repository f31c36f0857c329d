import type { ReadinessProbe } from './run-readiness-checks.ts';

export interface LastRoundTripOptions {
  /** After a success, a call starts the next round trip only once this much time has passed. */
  refreshAfterSuccessMs: number;
  /** After a failure, sooner, so that recovery shows quickly. */
  refreshAfterFailureMs: number;
  now?: () => number;
}

type Outcome = { ok: boolean; detail: string; at: number; tookMs: number };

/**
 * A round trip measured on its own and reported from its last result (ADR 0013): a call never
 * waits for it, it only starts the next one in the background when the last is old enough and
 * none is in flight. So a saturated worker slows nothing down and floods nothing: /readyz answers
 * at once, with at most one round trip in flight.
 */
export function lastRoundTrip(
  roundTrip: ReadinessProbe,
  options: LastRoundTripOptions,
): ReadinessProbe {
  const now = options.now ?? Date.now;
  let inFlightSince: number | undefined;
  let last: Outcome | undefined;

  const start = (): void => {
    const since = now();
    inFlightSince = since;
    const settle = (ok: boolean, detail: string) => {
      last = { ok, detail, at: now(), tookMs: now() - since };
      inFlightSince = undefined;
    };
    // Its own signal: the caller's deadline bounds the caller, not the measurement.
    roundTrip(new AbortController().signal).then(
      (detail) => settle(true, detail || 'round trip completed'),
      (error: unknown) => settle(false, error instanceof Error ? error.message : String(error)),
    );
  };

  return () => {
    const refreshAfter = last?.ok ? options.refreshAfterSuccessMs : options.refreshAfterFailureMs;
    if (inFlightSince === undefined && (!last || now() - last.at >= refreshAfter)) start();
    const pending =
      inFlightSince !== undefined && now() - inFlightSince >= 1000
        ? `; the next one has been in flight for ${seconds(now() - inFlightSince)}`
        : '';
    if (!last) {
      return Promise.reject(new Error(`no round trip has completed yet${pending}`));
    }
    const report = `${last.detail} (took ${last.tookMs} ms, ${seconds(now() - last.at)} ago${pending})`;
    return last.ok ? Promise.resolve(report) : Promise.reject(new Error(report));
  };
}

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)} s`;
}
