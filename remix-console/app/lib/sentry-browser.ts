import {
  browserApiErrorsIntegration,
  captureException,
  dedupeIntegration,
  globalHandlersIntegration,
  httpContextIntegration,
  init,
  linkedErrorsIntegration,
  setTag,
  type ErrorEvent,
} from '@sentry/browser';

// Loaded only through browser-error-reporting.ts's dynamic import, so this module (and the SDK
// with it) is a chunk of its own that a page without SENTRY_DSN never fetches.

export { captureException, setTag };

/** Errors only: no tracing, no breadcrumbs, no session pings. */
export function initSentry(options: { dsn: string; environment: string; requestId: string }): void {
  init({
    dsn: options.dsn,
    environment: options.environment,
    sendDefaultPii: false,
    defaultIntegrations: false,
    integrations: [
      globalHandlersIntegration(),
      browserApiErrorsIntegration(),
      linkedErrorsIntegration(),
      dedupeIntegration(),
      httpContextIntegration(),
    ],
    initialScope: { tags: { service: 'console-browser', request_id: options.requestId } },
    beforeSend: withoutCredentials,
  });
}

/**
 * Drops what could carry a credential before an event leaves the tab: cookies, every header but
 * User-Agent, and the page address's query and fragment (where a link may put a token).
 */
function withoutCredentials(event: ErrorEvent): ErrorEvent {
  const { request } = event;
  if (!request) return event;
  delete request.cookies;
  delete request.query_string;
  const userAgent = request.headers?.['User-Agent'];
  request.headers = userAgent ? { 'User-Agent': userAgent } : {};
  if (request.url) {
    const url = new URL(request.url);
    url.search = '';
    url.hash = '';
    request.url = url.href;
  }
  return event;
}
