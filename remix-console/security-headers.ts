import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { KyrosConfig } from '@kyros/contracts/config';

type ConsoleMode = KyrosConfig['console']['mode'];

interface PolicyOptions {
  mode: ConsoleMode;
  /** The terminal daemon's WebSocket (config.terminal.url), which the terminal panel opens. */
  terminalUrl: string;
  /** The API (config.api.url), whose channel WebSocket the Remote page's Real-time tab opens. */
  apiUrl: string;
  /** SENTRY_DSN, when set: the browser posts its error envelopes to the DSN's origin. */
  sentryDsn?: string | undefined;
}

/**
 * The console's security headers, on every answer (pages, assets, redirects). `frame-ancestors
 * 'none'` and `X-Frame-Options: DENY` (for browsers without CSP 3) keep it out of frames, so no
 * other site can overlay it to steal clicks. Scripts come from the console itself, and the inline
 * ones Remix writes into a page (hydration data, the module loader) carry this answer's nonce
 * (app/entry.server.tsx), so an injected inline script does not run. Development keeps
 * `'unsafe-inline'` for Vite's hot-reload preamble. Styles keep `'unsafe-inline'`: React writes
 * style attributes, which nonces do not cover. Connections go to the console itself, the terminal
 * daemon, the API's channel WebSocket and, only when SENTRY_DSN is set, Sentry's ingest;
 * development adds Vite's hot-reload WebSocket.
 */
export function contentSecurityPolicy(
  { mode, terminalUrl, apiUrl, sentryDsn }: PolicyOptions,
  nonce: string,
): string {
  const terminal = new URL(terminalUrl).origin;
  // A ws: source also allows http:, never the other way round (CSP 3, "scheme-part matching").
  const api = new URL(apiUrl);
  const apiSocket = `${api.protocol === 'https:' ? 'wss:' : 'ws:'}//${api.host}`;
  const sentry = sentryDsn ? ` ${new URL(sentryDsn).origin}` : '';
  const sources = `'self' ${terminal} ${apiSocket}${sentry}`;
  const development = mode === 'development';
  const connect = development ? `${sources} ws: wss:` : sources;
  return [
    "default-src 'self'",
    development ? "script-src 'self' 'unsafe-inline'" : `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh nonce per answer, for the page's inline scripts: `res.locals.cspNonce`. */
export function securityHeaders(options: PolicyOptions): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    res.set({
      'Content-Security-Policy': contentSecurityPolicy(options, nonce),
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
