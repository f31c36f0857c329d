import type { AuthDeps } from '../auth-deps.ts';
import type { Role } from '../principal.ts';
import { createApiKey } from './create-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';

export interface MintServiceKeyOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit' | 'credentials' | 'now'>;
  name: string;
  role: Role;
}

/**
 * A fresh service key for a process the supervisor starts (the worker): it acts only as
 * `workflow:<id>` (docs/adr/0008). Earlier live keys of the same name are revoked first, so
 * restarts do not pile up live keys. Answers the secret.
 */
export async function mintServiceKey(options: MintServiceKeyOptions): Promise<string> {
  const { deps, name, role } = options;
  const earlier = await deps.prisma.apiKey.findMany({ where: { name, revokedAt: null } });
  for (const key of earlier) await revokeApiKey({ deps, id: key.id, principal: undefined });
  const created = await createApiKey({
    deps,
    request: { name, role, service: true },
    principal: undefined,
  });
  return created.secret;
}
