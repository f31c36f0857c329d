import type { AuthDeps } from '../auth-deps.ts';
import type { Role } from '../principal.ts';
import { createApiKey } from './create-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';

export interface MintServiceKeyOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit' | 'credentials' | 'now'>;
  name: string;
  role: Role;
  /** Default true: the worker's key, acting only as `workflow:<id>`. False: as `api_key:<name>`. */
  service?: boolean;
}

/**
 * A fresh key for a process the supervisor starts: the worker's service key acts only as
 * `workflow:<id>` (docs/adr/0008); the terminal daemon's is unbound and acts as
 * `api_key:terminal-daemon`. Earlier live keys of the same name are revoked first, so restarts do
 * not pile up live keys. Answers the secret.
 */
export async function mintServiceKey(options: MintServiceKeyOptions): Promise<string> {
  const { deps, name, role, service = true } = options;
  const earlier = await deps.prisma.apiKey.findMany({ where: { name, revokedAt: null } });
  for (const key of earlier) await revokeApiKey({ deps, id: key.id, principal: undefined });
  const created = await createApiKey({
    deps,
    request: { name, role, service },
    principal: undefined,
  });
  return created.secret;
}
