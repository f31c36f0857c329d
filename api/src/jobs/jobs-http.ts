import type { Request } from 'express';
import type { z } from 'zod';
import { JobsId } from '@kyros/contracts/schemas/jobs';
import { invalidInput, parseIdParam } from '../collab/http/request-input.ts';

export { parseJsonBody } from '../collab/http/request-input.ts';

/** A path id that is not a uuid names nothing: 404. */
export function idParam(req: Request, name: string, noun: string): string {
  return parseIdParam(JobsId, req.params[name], noun);
}

/** Validates the query string with its contract schema: 400 with the offending fields. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse({ ...req.query });
  if (result.success) return result.data;
  throw invalidInput('query', '(query)', result.error);
}

/** The request id the request logger assigned (echoed as X-Request-Id), for audit rows. */
export function requestIdOf(req: Request): string | undefined {
  const id: unknown = (req as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Every jobs route takes a bearer token or an API key (schemes the auth module registers). */
export const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyAuth: [] }];
