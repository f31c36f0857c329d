import type { Request } from 'express';
import type { z } from 'zod';
import { defaultActor } from '../../auth/acting-identity.ts';
import { principalOf } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';

/**
 * Validates a JSON body with its contract schema. A body sent as anything but JSON is a 415; a
 * request with no body validates as `{}` so that all-optional bodies may be omitted.
 */
export function parseJsonBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    throw new AppError(
      'unsupported_media_type',
      `The body must be application/json, not ${req.get('content-type') ?? 'untyped'}`,
    );
  }
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  throw invalidInput('request body', '(body)', result.error);
}

/** A 400 naming every offending field of a zod failure; `where` names the part of the request. */
export function invalidInput(where: string, wholeInput: string, error: z.ZodError): AppError {
  const errors = error.issues.map((issue) => ({
    path: issue.path.join('.') || wholeInput,
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new AppError('invalid', `Invalid ${where}: ${detail}`, { errors });
}

/** A path id that cannot be valid names nothing: 404, never a lookup with attacker text. */
export function parseIdParam(schema: z.ZodType<string>, value: unknown, noun: string): string {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('not_found', `${noun} ${String(value)} does not exist (malformed id)`);
}

export function ifMatchHeader(req: Request): string | undefined {
  return req.get('if-match');
}

export function ifNoneMatchHeader(req: Request): string | undefined {
  return req.get('if-none-match');
}

/** `X-Fencing-Token`: the token of the lease the writer holds for this task, when it holds one. */
export function fencingTokenHeader(req: Request): number | undefined {
  const raw = req.get('x-fencing-token');
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(raw.trim())) {
    throw new AppError(
      'invalid',
      `X-Fencing-Token must be a positive integer, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw.trim());
}

/**
 * Who makes a change that names no one, for its events: the identity the credential acts as
 * (docs/adr/0008) — a bound key's agent, `user:<email>`, otherwise `api_key:<name>`.
 */
export function actorOf(req: Request): string {
  return defaultActor(principalOf(req));
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}
