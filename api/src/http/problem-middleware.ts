import type { ErrorRequestHandler, RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import { isTransientDatabaseError } from '@kyros/contracts/database-faults';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@kyros/contracts/schemas/problem';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors/app-error.ts';

/** Unknown paths get a problem+json 404 like every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

/** The single place where errors become HTTP responses (RFC 9457 problem details). */
export const problemMiddleware: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const appError = toAppError(error);
  if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
  const problem = problemOf(appError, {
    instance: req.originalUrl,
    requestId: typeof req.id === 'string' ? req.id : undefined,
  });
  if (appError.extras.retryAfterSeconds !== undefined) {
    res.set('Retry-After', String(appError.extras.retryAfterSeconds));
  }
  res.status(appError.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
};

/**
 * The problem+json of any error, as the middleware renders it; also for surfaces that answer
 * without an HTTP response of their own (MCP tools called in-process).
 */
export function problemFor(
  error: unknown,
  where: { instance: string; requestId?: string | undefined },
): Problem {
  return problemOf(toAppError(error), where);
}

function problemOf(
  appError: AppError,
  where: { instance: string; requestId?: string | undefined },
): Problem {
  // Extras add members; they never overwrite the ones the status and the request decide.
  return {
    ...appError.extras.body,
    type: 'about:blank',
    title: STATUS_CODES[appError.status] ?? 'Error',
    status: appError.status,
    detail: appError.message,
    instance: where.instance,
    code: appError.code,
    request_id: where.requestId,
    ...(appError.extras.errors ? { errors: appError.extras.errors } : {}),
  };
}

/** A lost connection or a restart passes; the client may retry the same request. */
const DATABASE_RETRY_AFTER_SECONDS = 1;

/** Maps errors raised by Express's own body parsers, which carry `type` and `status`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isTransientDatabaseError(error)) {
    return new AppError('unavailable', 'The database is briefly unavailable; retry shortly.', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
  if (isHttpError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return new AppError('invalid', `Malformed JSON body: ${error.message}`);
      case 'entity.too.large':
        return new AppError(
          'payload_too_large',
          `Body exceeds the ${error.limit ?? ''} byte limit`,
        );
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new AppError('unsupported_media_type', error.message);
    }
    const code = codeForStatus(error.status);
    if (code)
      return new AppError(
        code,
        error.expose ? error.message : (STATUS_CODES[error.status] ?? 'Error'),
      );
  }
  return new AppError(
    'internal',
    'An unexpected error occurred; the request id identifies it in the logs.',
  );
}

interface HttpError {
  status: number;
  type?: string;
  expose?: boolean;
  limit?: number;
  message: string;
}

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as Partial<HttpError>).status === 'number';
}

function codeForStatus(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status);
}
