import { randomUUID } from 'node:crypto';

/** What an incoming `X-Request-Id` may look like to be kept (no spaces, no CR/LF, bounded). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A request's id: a well-formed incoming `X-Request-Id` (a proxy's, so one request keeps one id
 * across hops), else a fresh UUID. The API and the console both echo it back as `X-Request-Id`.
 */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
