import type { Request } from 'express';
import type { AuditLog } from '../../audit/audit-log.ts';
import {
  defaultActor,
  resolveActingIdentity,
  type ActingIdentity,
  type IdentityClaim,
} from '../../auth/acting-identity.ts';
import { principalOf, type Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';

/**
 * The identity the request's credential acts as (docs/adr/0008). Call it before any write: a
 * body naming someone else is a 403 `identity_mismatch` and nothing is written.
 */
export function actingIdentityOf(req: Request, claim: IdentityClaim): ActingIdentity {
  return actingIdentityFor(principalOf(req), claim);
}

/** {@link actingIdentityOf} for a surface that holds the principal itself (MCP sessions). */
export function actingIdentityFor(principal: Principal, claim: IdentityClaim): ActingIdentity {
  const decision = resolveActingIdentity(principal, claim);
  if (!decision.ok) {
    throw new AppError('identity_mismatch', decision.message, {
      body: { reason: decision.reason, credential: principal.actor },
    });
  }
  return decision.actedBy === undefined
    ? { actor: decision.actor }
    : { actor: decision.actor, actedBy: decision.actedBy };
}

/** The audit row of a write an admin made for someone else; other writes need none here. */
export async function auditActingFor(
  audit: AuditLog,
  req: Request,
  identity: ActingIdentity,
  entry: { action: string; targetType: string; targetId: string },
): Promise<void> {
  if (identity.actedBy === undefined) return;
  await audit.record({
    principal: principalOf(req),
    ...entry,
    payload: { acting_for: identity.actor },
    ...(typeof req.id === 'string' ? { requestId: req.id } : {}),
  });
}

/**
 * Who makes a change that names no one, for its events: the identity the credential acts as
 * (docs/adr/0008) — a bound key's agent, `user:<email>`, otherwise `api_key:<name>`.
 */
export function actorOf(req: Request): string {
  return defaultActor(principalOf(req));
}
