import type { KyrosConfig } from './config.ts';

/** What a process reports unexpected errors through (Sentry when SENTRY_DSN is set). */
export interface ErrorReporter {
  /** Reports an error with the request it broke, if any; never throws. */
  capture(error: unknown, context?: { requestId?: string | undefined; route?: string }): void;
  /** Sends what is queued (at shutdown); false when the time ran out. */
  flush(timeoutMs?: number): Promise<boolean>;
}

const FILTERED = '[Filtered]';
/** Request headers that carry credentials; dropped from every event. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key']);

/**
 * Starts Sentry for one process when the configuration has a DSN, and loads nothing otherwise:
 * `@sentry/node` is imported only here, dynamically, so a process without SENTRY_DSN never has it
 * in its module graph. Events carry no credentials: no default PII, credential headers and cookies
 * removed, and every known secret (the JWT secret, the DSN's own key) replaced wherever it occurs.
 */
export async function startErrorReporting(options: {
  sentry: KyrosConfig['sentry'];
  service: 'api' | 'worker' | 'terminal' | 'console';
  /** Values that must never leave the process (e.g. KYROS_JWT_SECRET). */
  secrets?: (string | undefined)[];
}): Promise<ErrorReporter | undefined> {
  if (!options.sentry) return undefined;
  const Sentry = await import('@sentry/node');
  const dsn = new URL(options.sentry.dsn);
  const secrets = [...(options.secrets ?? []), dsn.username, dsn.password].filter(
    (value): value is string => typeof value === 'string' && value.length >= 8,
  );
  Sentry.init({
    dsn: options.sentry.dsn,
    environment: options.sentry.environment,
    sendDefaultPii: false,
    // Errors only: no tracing, no OpenTelemetry instrumentation of every module.
    skipOpenTelemetrySetup: true,
    defaultIntegrations: false,
    integrations: [
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
    ],
    initialScope: { tags: { service: options.service } },
    beforeSend: (event) => scrub(event, secrets),
  });
  return {
    capture(error, context = {}) {
      Sentry.withScope((scope) => {
        if (context.requestId) scope.setTag('request_id', context.requestId);
        if (context.route) scope.setTag('route', context.route);
        Sentry.captureException(error);
      });
    },
    flush: (timeoutMs = 2000) => Sentry.flush(timeoutMs),
  };
}

function scrub<T extends { request?: { headers?: Record<string, string>; cookies?: unknown } }>(
  event: T,
  secrets: string[],
): T {
  if (event.request) {
    delete event.request.cookies;
    for (const name of Object.keys(event.request.headers ?? {})) {
      if (SECRET_HEADERS.has(name.toLowerCase())) delete event.request.headers?.[name];
    }
  }
  if (secrets.length === 0) return event;
  let text = JSON.stringify(event);
  for (const secret of secrets) text = text.split(secret).join(FILTERED);
  return JSON.parse(text) as T;
}
