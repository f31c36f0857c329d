import type { ApiKey } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { toApiKey } from '../auth-representations.ts';
import type { Principal } from '../principal.ts';

export interface RevokeApiKeyOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit' | 'credentials' | 'now'>;
  id: string;
  principal: Principal | undefined;
  /** The HTTP request's id (X-Request-Id), for its audit row; undefined outside a request. */
  requestId?: string | undefined;
}

/**
 * Revokes a key: at once on this replica, within the key cache's lifetime on the others. The
 * revocation and its `api_key.revoked` audit row commit together; revoking a revoked key again
 * changes nothing and records nothing.
 */
export async function revokeApiKey(options: RevokeApiKeyOptions): Promise<ApiKey> {
  const { deps, id, principal, requestId } = options;
  const now = deps.now();
  const outcome = await deps.prisma.$transaction(async (tx) => {
    // Of two concurrent revocations only one stamps the row, so only one is recorded.
    const stamped = await tx.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.apiKey.findUnique({ where: { id } });
    if (!row) return undefined;
    if (stamped.count === 0) return { row, mirror: undefined };
    const recorded = await deps.audit.recordWithin(tx, {
      principal,
      requestId,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: id,
      payload: { name: row.name, prefix: row.prefix },
    });
    return { row, mirror: recorded.mirror };
  });
  if (!outcome) throw new AppError('not_found', `API key ${id} does not exist`);
  deps.credentials.apiKeys.delete(outcome.row.keyHash);
  await outcome.mirror?.();
  return toApiKey(outcome.row);
}
