/** What the root loader hands the browser when SENTRY_DSN is set (docs/DEPLOYMENT.md). */
export interface BrowserErrorReporting {
  /** The DSN with its public key only: the legacy secret key never reaches a browser. */
  dsn: string;
  environment: string;
  /** The id of the request that rendered the page (its X-Request-Id), tagged on every event. */
  requestId: string;
}

type SentryBrowser = typeof import('./sentry-browser.ts');

let sentry: Promise<SentryBrowser> | undefined;
/** Errors a boundary caught before reporting started; without a DSN they just stay here. */
const caughtEarly: unknown[] = [];
const MAX_CAUGHT_EARLY = 10;

/**
 * Starts Sentry in this tab, once. The SDK is imported dynamically, so its chunk is fetched only
 * on pages whose root loader passed a DSN: without SENTRY_DSN the browser never loads it.
 */
export async function startBrowserErrorReporting(options: BrowserErrorReporting): Promise<void> {
  sentry ??= import('./sentry-browser.ts').then((module) => {
    module.initSentry(options);
    for (const error of caughtEarly.splice(0)) module.captureException(error);
    // Observable from outside (tests, a curious operator): this tab reports its errors now.
    document.documentElement.dataset.errorReporting = 'ready';
    return module;
  });
  // The root loader runs again after actions: the tag follows the latest request of this page.
  (await sentry).setTag('request_id', options.requestId);
}

/**
 * Reports an error an error boundary caught (React handled it, so no global handler sees it).
 * Boundaries render without loader data, so this relies on the root layout having started
 * reporting; an error caught before that waits for it.
 */
export function reportBrowserError(error: unknown): void {
  if (!sentry) {
    if (caughtEarly.length < MAX_CAUGHT_EARLY) caughtEarly.push(error);
    return;
  }
  sentry.then(
    (module) => module.captureException(error),
    () => undefined,
  );
}
