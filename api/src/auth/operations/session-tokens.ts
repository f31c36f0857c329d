import type { TokenResponse } from '@kyros/contracts/schemas/auth';
import type { PrismaClient } from '@kyros/db/client';
import type { AuthSettings } from '../auth-deps.ts';
import { toUser, type UserRow } from '../auth-representations.ts';
import { newRefreshToken, sha256Hex, signAccessToken } from '../tokens.ts';

/** A Prisma client or transaction that can write refresh tokens. */
type RefreshTokenWriter = Pick<PrismaClient, 'refreshToken'>;

/**
 * A new access token and a new refresh token of `familyId` (a login starts a family, each
 * rotation continues it). Only the refresh token's sha256 is stored.
 */
export async function issueSession(options: {
  db: RefreshTokenWriter;
  settings: AuthSettings;
  user: UserRow;
  familyId: string;
  userAgent: string | undefined;
  now: Date;
}): Promise<TokenResponse> {
  const { db, settings, user, familyId, userAgent, now } = options;
  const refreshToken = newRefreshToken();
  await db.refreshToken.create({
    data: {
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(now.getTime() + settings.refreshTokenTtlSeconds * 1000),
      userAgent: userAgent?.slice(0, 500) ?? null,
    },
  });
  return {
    access_token: signAccessToken(
      { sub: user.id, email: user.email, role: user.role },
      settings.jwtSecret,
      settings.accessTokenTtlSeconds,
      now,
    ),
    token_type: 'Bearer',
    expires_in: settings.accessTokenTtlSeconds,
    refresh_token: refreshToken,
    user: toUser(user),
  };
}

/** Ends every live token of a session (a refresh token family), saying why. */
export async function revokeFamily(
  db: RefreshTokenWriter,
  familyId: string,
  reason: 'reuse' | 'user_disabled' | 'logout',
  now: Date,
): Promise<void> {
  await db.refreshToken.updateMany({
    where: { familyId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
}
