import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { requestIdFor } from '@kyros/contracts/request-id';

declare module 'express-serve-static-core' {
  interface Request {
    /** The request id: a well-formed incoming `X-Request-Id`, else a fresh UUID. */
    id: string;
    /** The API logger bound to `request_id`; every line a handler writes names its request. */
    log: Logger;
  }
}

/** Responses whose success line is written at debug level (see {@link logSuccessAtDebug}). */
const quietOnSuccess = new WeakSet<Response>();

/**
 * Marks a response of a high-volume route whose successful completion is not worth an info line:
 * it is logged at debug level instead (visible with `LOG_LEVEL=debug`). A 4xx or 5xx answer of
 * the same route is still logged at warn or error, with its request id.
 */
export function logSuccessAtDebug(res: Response): void {
  quietOnSuccess.add(res);
}

/**
 * JSON request logs; every line carries the request id, echoed back as `X-Request-Id`. One line
 * per request when it completes (or is aborted): info below 400, warn for 4xx, error for 5xx.
 * `/healthz` and routes marked with {@link logSuccessAtDebug} log their successes at debug.
 *
 * Written for the hot path instead of `pino-http`, which serialised every request's headers into
 * a child logger up front: here `req.log` is bound to `request_id` only, and the completion line
 * carries method, url, remote address, status and duration.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = performance.now();
    const remoteAddress = req.socket.remoteAddress;
    const id = requestIdFor(req.headers['x-request-id']);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    // A child logger costs less than a lazy getter would (which slows every later access to req).
    req.log = logger.child({ request_id: id });
    // 'close' follows 'finish' for every response, and comes alone when the client went away.
    res.once('close', () => {
      const aborted = !res.writableFinished;
      const status = res.statusCode;
      const level: Level =
        status >= 500 ? 'error' : status >= 400 ? 'warn' : quiet(req, res) ? 'debug' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          request_id: id,
          req: {
            method: req.method,
            url: req.originalUrl,
            remoteAddress,
          },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - startedAt),
        },
        aborted ? 'request aborted' : status >= 500 ? 'request errored' : 'request completed',
      );
    });
    next();
  };
}

function quiet(req: Request, res: Response): boolean {
  return quietOnSuccess.has(res) || req.originalUrl === '/healthz';
}
