import { ReadinessResponse } from '@kyros/contracts/health';
import { urlOn } from './config.server.ts';
import type { ApiReadiness } from './readiness.ts';

export interface FetchReadinessOptions {
  apiUrl: string;
  timeoutMs: number;
  /** The page request's signal: a browser that goes away cancels the call to the API. */
  signal?: AbortSignal;
}

/** Asks the API for its deep readiness. Every failure becomes a value the page can show. */
export async function fetchReadiness({
  apiUrl,
  timeoutMs,
  signal,
}: FetchReadinessOptions): Promise<ApiReadiness> {
  const url = urlOn(apiUrl, '/readyz');
  const checkedAt = new Date().toISOString();
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    return { state: 'unreachable', url, checkedAt, reason: describeFetchError(error, timeoutMs) };
  }
  // 503 is how /readyz says "not ready"; its body still carries the per-check report.
  if (response.status !== 200 && response.status !== 503) {
    return { state: 'unexpected', url, checkedAt, reason: `answered HTTP ${response.status}` };
  }
  const parsed = ReadinessResponse.safeParse(parseJson(await response.text()));
  if (!parsed.success) {
    return {
      state: 'unexpected',
      url,
      checkedAt,
      reason: `answered HTTP ${response.status} with a body that is not a readiness report`,
    };
  }
  return { state: parsed.data.status, url, checkedAt, checks: parsed.data.checks };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  // undici reports "fetch failed" and keeps the socket error (ECONNREFUSED, ENOTFOUND…) as the cause.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
