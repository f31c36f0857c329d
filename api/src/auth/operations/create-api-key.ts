import type { ApiKeyCreatedResponse, CreateApiKeyRequest } from '@kyros/contracts/schemas/auth';
import type { AuthDeps } from '../auth-deps.ts';
import { toApiKey } from '../auth-representations.ts';
import type { Principal, Role } from '../principal.ts';
import { newApiKey, sha256Hex } from '../tokens.ts';

export interface CreateApiKeyOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit'>;
  request: Pick<CreateApiKeyRequest, 'name' | 'expires_at' | 'agent_id' | 'service'> & {
    role: Role;
  };
  /** Who creates it (its `created_by`); undefined for the system (the supervisor's worker key). */
  principal: Principal | undefined;
  /** The HTTP request's id (X-Request-Id), for its audit row; undefined outside a request. */
  requestId?: string | undefined;
}

/**
 * A new API key, whose secret is in this answer only (the database keeps its sha256 and prefix).
 * The row and its `api_key.created` audit row commit together.
 */
export async function createApiKey(options: CreateApiKeyOptions): Promise<ApiKeyCreatedResponse> {
  const { deps, request, principal, requestId } = options;
  const { secret, prefix } = newApiKey();
  const { row, mirror } = await deps.prisma.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        name: request.name,
        prefix,
        keyHash: sha256Hex(secret),
        role: request.role,
        agentId: request.agent_id ?? null,
        service: request.service ?? false,
        createdById: principal?.userId ?? null,
        expiresAt: request.expires_at ? new Date(request.expires_at) : null,
      },
    });
    const recorded = await deps.audit.recordWithin(tx, {
      principal,
      requestId,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      payload: {
        name: row.name,
        role: row.role,
        prefix,
        ...(row.agentId ? { agent_id: row.agentId } : {}),
        ...(row.service ? { service: true } : {}),
      },
    });
    return { row, mirror: recorded.mirror };
  });
  await mirror();
  return { api_key: toApiKey(row), secret };
}
