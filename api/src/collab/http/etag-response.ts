import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError } from '../../errors/app-error.ts';
import { ifNoneMatchHits } from '../domain/etag-preconditions.ts';

/**
 * Answers a GET with its validator: 304 when the client's If-None-Match already names the
 * current ETag (RFC 9110 §13.1.2), else the body. `no-cache` makes caches revalidate each time.
 */
export function sendWithEtag(req: Request, res: Response, etag: string, body: unknown): void {
  res.set('ETag', etag).set('Cache-Control', 'no-cache');
  if (ifNoneMatchHits(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

/** A 412 carries the current representation; its ETag also goes in the header, as on a GET. */
export const etagOnPreconditionFailure: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const etag = error instanceof AppError ? error.extras.body?.etag : undefined;
  if (typeof etag === 'string' && !res.headersSent) res.set('ETag', etag);
  next(error);
};
