import type { ApiKey, User } from '@kyros/contracts/schemas/auth';
import { actsAsLabel } from './acting-identity.ts';
import type { ActsAs, Role } from './principal.ts';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  agentId: string | null;
  service: boolean;
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A `users` row as the wire shows it (never the password hash). */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    display_name: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** Who a key may act as (docs/adr/0008-identity-from-the-credential.md). */
export function keyBinding(row: Pick<ApiKeyRow, 'name' | 'agentId' | 'service'>): ActsAs {
  if (row.service) return { kind: 'workflows' };
  if (row.agentId) return { kind: 'agent', agentId: row.agentId };
  return { kind: 'unbound_key', name: row.name };
}

/** An `api_keys` row as the wire shows it (never the hash). */
export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    agent_id: row.agentId,
    service: row.service,
    acts_as: actsAsLabel({ role: row.role, actsAs: keyBinding(row) }),
    created_by: row.createdById,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked: row.revokedAt !== null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
