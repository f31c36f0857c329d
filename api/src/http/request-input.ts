import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/**
 * Request parsing, once for the whole API: every route definition (`route.ts`) validates its
 * parts with these, so every refusal has the same shape — a 400 problem naming each offending
 * field, a 404 for a path segment that cannot name anything, a 415 for a body that is not JSON.
 */

/**
 * Validates a JSON body with its contract schema. A body sent as anything but JSON is a 415. A
 * request with no body is a 400 when the body is required; otherwise it validates as `{}`, so
 * that all-optional bodies may be omitted.
 */
export function parseJsonBody<S extends z.ZodType>(
  schema: S,
  req: Request,
  options: { required?: boolean } = {},
): z.output<S> {
  const present = hasBody(req);
  if (present && !req.is(['application/json', 'application/*+json'])) {
    throw new AppError(
      'unsupported_media_type',
      `The body must be application/json, not ${req.get('content-type') ?? 'untyped'}`,
    );
  }
  if (!present && options.required === true) {
    throw new AppError('invalid', 'Invalid request body: (body): a JSON body is required', {
      errors: [{ path: '(body)', message: 'a JSON body is required' }],
    });
  }
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  throw invalidInput('request body', '(body)', result.error);
}

/** Validates the query string or the headers; `where` names the part in the 400's detail. */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(where, '(root)', result.error);
}

/** A 400 naming every offending field of a zod failure; `where` names the part of the request. */
function invalidInput(where: string, wholeInput: string, error: z.ZodError): AppError {
  const errors = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || wholeInput,
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new AppError('invalid', `Invalid ${where}: ${detail}`, { errors });
}

/** The 404's detail for a path id that cannot be valid: it names nothing, so it is never looked up. */
export function malformedIdMessage(noun: string, value: string): string {
  return `${noun} ${value} does not exist (malformed id)`;
}

/** The request id the request logger assigned (echoed as X-Request-Id), for audit rows. */
export function requestIdOf(req: Request): string | undefined {
  const id: unknown = (req as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}
