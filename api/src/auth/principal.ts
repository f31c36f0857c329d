import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.ts';

/** The roles of `users.role` / `api_keys.role`, strongest first. */
export const ROLES = ['admin', 'operator', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Whom a credential may act as in the collaboration store (docs/adr/0008): a user as
 * `user:<email>`, a bound key as its agent, the worker's service key as `workflow:<id>`, an
 * unbound key as `api_key:<name>`.
 */
export type ActsAs =
  | { kind: 'user'; email: string }
  | { kind: 'agent'; agentId: string }
  | { kind: 'workflows' }
  | { kind: 'unbound_key'; name: string };

/** Who is making a request, as the authentication middleware established it. */
export interface Principal {
  kind: 'user' | 'api_key';
  /** users.id or api_keys.id */
  id: string;
  role: Role;
  /** The name written into events and audit rows: `user:<email>` or `api_key:<name>`. */
  actor: string;
  actsAs: ActsAs;
  /** users.id of the person (a key's creator for API keys), for audit_events.actor_user_id. */
  userId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** True when `role` is at least as strong as `minimum` (admin > operator > agent > viewer). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(minimum);
}

/** 401 when the request is unauthenticated, 403 when its role is below `minimum`. */
export function requireRole(minimum: Role): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const principal = req.principal;
    if (!principal) {
      res.set('WWW-Authenticate', 'Bearer realm="kyros", ApiKey realm="kyros", header="X-Api-Key"');
      next(new AppError('unauthorized', 'Authentication required: send a bearer token or API key'));
      return;
    }
    if (!roleAtLeast(principal.role, minimum)) {
      next(
        new AppError(
          'forbidden',
          `This needs the ${minimum} role or stronger; ${principal.actor} is ${principal.role}`,
        ),
      );
      return;
    }
    next();
  };
}

/** The authenticated principal of a request that passed `requireRole`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new AppError('unauthorized', 'Authentication required');
  return req.principal;
}
