import type { AuthDeps } from '../auth-deps.ts';
import { sha256Hex } from '../tokens.ts';
import { revokeFamily } from './session-tokens.ts';

export interface LogoutOptions {
  deps: Pick<AuthDeps, 'prisma' | 'now'>;
  refreshToken: string;
}

/** Ends the session the refresh token belongs to (its whole family). Unknown tokens: no-op. */
export async function logout(options: LogoutOptions): Promise<void> {
  const { deps, refreshToken } = options;
  const row = await deps.prisma.refreshToken.findUnique({
    where: { tokenHash: sha256Hex(refreshToken) },
  });
  if (row) await revokeFamily(deps.prisma, row.familyId, 'logout', deps.now());
}
