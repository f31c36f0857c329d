import type { TokenResponse } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { sha256Hex } from '../tokens.ts';
import { issueSession, revokeFamily } from './session-tokens.ts';

export interface RotateRefreshTokenOptions {
  deps: Pick<AuthDeps, 'prisma' | 'settings' | 'now'>;
  refreshToken: string;
  userAgent: string | undefined;
}

/**
 * Rotates a refresh token: the presented one is stamped rotated and a new one of the same
 * family is issued. A token presented after it was rotated is reuse — someone holds a copy —
 * so the whole family is revoked and both holders must sign in again.
 */
export async function rotateRefreshToken(
  options: RotateRefreshTokenOptions,
): Promise<TokenResponse> {
  const { deps, refreshToken, userAgent } = options;
  const { prisma } = deps;
  const now = deps.now();
  const row = await prisma.refreshToken.findUnique({
    where: { tokenHash: sha256Hex(refreshToken) },
    include: { user: true },
  });
  if (!row) throw new AppError('unauthorized', 'Unknown refresh token');
  if (row.revokedAt) throw new AppError('unauthorized', 'This refresh token was revoked');
  if (row.rotatedAt) {
    await revokeFamily(prisma, row.familyId, 'reuse', now);
    throw new AppError(
      'unauthorized',
      'This refresh token was already used; its session is now revoked — sign in again',
    );
  }
  if (row.expiresAt <= now) throw new AppError('unauthorized', 'This refresh token expired');
  if (row.user.disabledAt) {
    await revokeFamily(prisma, row.familyId, 'user_disabled', now);
    throw new AppError('unauthorized', 'This account is disabled');
  }
  const rotated = await prisma.$transaction(async (tx) => {
    // Only one of two concurrent refreshes with the same token wins; the other is reuse.
    const claimed = await tx.refreshToken.updateMany({
      where: { id: row.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now },
    });
    if (claimed.count !== 1) return undefined;
    return issueSession({
      db: tx,
      settings: deps.settings,
      user: row.user,
      familyId: row.familyId,
      userAgent,
      now,
    });
  });
  if (!rotated) {
    // Outside the claim's transaction, which has nothing to commit: the revocation must stick.
    await revokeFamily(prisma, row.familyId, 'reuse', now);
    throw new AppError('unauthorized', 'This refresh token was already used');
  }
  return rotated;
}
