import type { AppLoadContext } from '@remix-run/node';
import type { BrowserErrorReporting } from './browser-error-reporting.ts';

/** What the browser needs to report its errors, or undefined without SENTRY_DSN. */
export function browserErrorReporting(context: AppLoadContext): BrowserErrorReporting | undefined {
  const { sentry } = context.config;
  if (!sentry) return undefined;
  const dsn = new URL(sentry.dsn);
  // A DSN may still carry the legacy secret key; a page is public, so only the public key goes.
  dsn.password = '';
  return { dsn: dsn.href, environment: sentry.environment, requestId: context.requestId };
}
