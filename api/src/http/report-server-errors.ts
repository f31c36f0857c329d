import type { ErrorRequestHandler } from 'express';
import type { ErrorReporter } from '@kyros/contracts/error-reporting';
import { toAppError } from './problem-middleware.ts';

/**
 * Hands every error that becomes a 5xx to the error reporter (Sentry when configured) with the
 * request id the problem+json answer carries, then lets the problem middleware answer as usual.
 * Refusals (4xx) are answers, not faults: they are not reported.
 */
export function reportServerErrors(reporter: ErrorReporter): ErrorRequestHandler {
  return (error: unknown, req, _res, next) => {
    if (toAppError(error).status >= 500) {
      reporter.capture(error, {
        requestId: typeof req.id === 'string' ? req.id : undefined,
        route: `${req.method} ${req.route ? String((req.route as { path: unknown }).path) : req.path}`,
      });
    }
    next(error);
  };
}
