import type { ActsAs, Role } from './principal.ts';

/** What a write says about who makes it (docs/adr/0008-identity-from-the-credential.md). */
export interface IdentityClaim {
  /** The lease `holder`, transition `actor` or event `actor` the body names, if any. */
  named?: string | undefined;
  /** An admin's explicit `acting_for`: the identity the admin acts as. */
  actingFor?: string | undefined;
  /** The workflow the write belongs to, when derivable (a task's workflow id from its task id). */
  workflowId?: string | undefined;
}

export type IdentityRefusal =
  | 'read_only'
  | 'acting_for_needs_admin'
  | 'not_your_identity'
  | 'workflow_identity_required'
  | 'not_your_workflow';

/** Who a collaboration write is made as; `actedBy` is the admin behind an `acting_for`. */
export interface ActingIdentity {
  actor: string;
  actedBy?: string;
}

export type IdentityDecision =
  ({ ok: true } & ActingIdentity) | { ok: false; reason: IdentityRefusal; message: string };

export interface ActingPrincipal {
  role: Role;
  /** `user:<email>` or `api_key:<name>`: who acts for someone with `acting_for`. */
  actor: string;
  actsAs: ActsAs;
}

const WORKFLOW_PREFIX = 'workflow:';

/**
 * The one identity a write is made as. A user is `user:<email>`, a bound key its agent, an
 * unbound key `api_key:<name>`; the service key names `workflow:<id>` and, when the write's
 * workflow is derivable, exactly that one. A body may repeat the identity but never name another.
 * Only an admin may act for someone else, and only with an explicit `acting_for`.
 */
export function resolveActingIdentity(
  principal: ActingPrincipal,
  claim: IdentityClaim,
): IdentityDecision {
  if (principal.role === 'viewer') {
    return refuse('read_only', `${principal.actor} is a viewer and cannot act`);
  }
  if (claim.actingFor !== undefined) {
    if (principal.role !== 'admin') {
      return refuse(
        'acting_for_needs_admin',
        `Only an admin may act for someone else; ${principal.actor} is ${principal.role}`,
      );
    }
    return sameOrUnnamed(claim.named, claim.actingFor, principal.actor);
  }
  if (principal.actsAs.kind === 'workflows') return workflowIdentity(principal.actor, claim);
  return sameOrUnnamed(claim.named, ownIdentity(principal.actsAs), undefined);
}

/** The identity of a principal that names no one; the service key's is its key name. */
export function defaultActor(principal: { actor: string; actsAs: ActsAs }): string {
  return principal.actsAs.kind === 'workflows' ? principal.actor : ownIdentity(principal.actsAs);
}

/** What an event made under `acting_for` adds to its details: for whom, and who really acted. */
export function actingForDetails(identity: ActingIdentity): Record<string, string> {
  return identity.actedBy === undefined
    ? {}
    : { acting_for: identity.actor, acted_by: identity.actedBy };
}

/** What `GET /auth/me` says a principal acts as; the service key names its workflows generically. */
export function actsAsLabel(principal: { role: Role; actsAs: ActsAs }): string {
  if (principal.role === 'viewer') return 'none';
  return principal.actsAs.kind === 'workflows' ? 'workflow:<id>' : ownIdentity(principal.actsAs);
}

function ownIdentity(actsAs: Exclude<ActsAs, { kind: 'workflows' }>): string {
  switch (actsAs.kind) {
    case 'user':
      return `user:${actsAs.email}`;
    case 'agent':
      return actsAs.agentId;
    case 'unbound_key':
      return `api_key:${actsAs.name}`;
  }
}

function sameOrUnnamed(
  named: string | undefined,
  identity: string,
  actedBy: string | undefined,
): IdentityDecision {
  if (named !== undefined && named !== identity) {
    return refuse('not_your_identity', `This credential acts as ${identity}, not ${named}`);
  }
  return actedBy === undefined
    ? { ok: true, actor: identity }
    : { ok: true, actor: identity, actedBy };
}

function workflowIdentity(keyActor: string, claim: IdentityClaim): IdentityDecision {
  const { named, workflowId } = claim;
  if (named === undefined) {
    return refuse(
      'workflow_identity_required',
      `${keyActor} is the service key: name the workflow it acts for (workflow:<id>)`,
    );
  }
  if (!named.startsWith(WORKFLOW_PREFIX) || named.length === WORKFLOW_PREFIX.length) {
    return refuse(
      'not_your_identity',
      `${keyActor} is the service key and acts only as workflow:<id>, not ${named}`,
    );
  }
  if (workflowId !== undefined && named !== `${WORKFLOW_PREFIX}${workflowId}`) {
    return refuse(
      'not_your_workflow',
      `This write belongs to workflow:${workflowId}, not ${named}`,
    );
  }
  return { ok: true, actor: named };
}

function refuse(reason: IdentityRefusal, message: string): IdentityDecision {
  return { ok: false, reason, message };
}
