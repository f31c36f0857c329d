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
 * other site can overlay it to steal clicks. Scripts stay same-origin; `'unsafe-inline'` remains
 * for the inline hydration data Remix writes into each page (nonces would need a custom
 * entry.server). Connections go to the console itself, the terminal daemon, the API's channel
 * WebSocket and, only when SENTRY_DSN is set, Sentry's ingest; development adds Vite's hot-reload
 * WebSocket.
 */
export function contentSecurityPolicy({
  mode,
  terminalUrl,
  apiUrl,
  sentryDsn,
}: PolicyOptions): string {
  const terminal = new URL(terminalUrl).origin;
  // A ws: source also allows http:, never the other way round (CSP 3, "scheme-part matching").
  const api = new URL(apiUrl);
  const apiSocket = `${api.protocol === 'https:' ? 'wss:' : 'ws:'}//${api.host}`;
  const sentry = sentryDsn ? ` ${new URL(sentryDsn).origin}` : '';
  const sources = `'self' ${terminal} ${apiSocket}${sentry}`;
  const connect = mode === 'development' ? `${sources} ws: wss:` : sources;
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
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

export function securityHeaders(options: PolicyOptions): RequestHandler {
  const policy = contentSecurityPolicy(options);
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': policy,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
