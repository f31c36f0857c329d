import type { ApiKey } from '@kyros/contracts/schemas/auth';
import type { AuthDeps } from '../auth-deps.ts';
import { toApiKey } from '../auth-representations.ts';

export interface ListApiKeysOptions {
  deps: Pick<AuthDeps, 'prisma'>;
}

/** Every API key, oldest first, never its secret or hash. */
export async function listApiKeys(options: ListApiKeysOptions): Promise<ApiKey[]> {
  const rows = await options.deps.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(toApiKey);
}
