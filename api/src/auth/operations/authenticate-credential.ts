import type { AuthDeps } from '../auth-deps.ts';
import { keyBinding } from '../auth-representations.ts';
import { CredentialError } from '../credential-error.ts';
import type { Principal } from '../principal.ts';
import { API_KEY_PREFIX, sha256Hex, verifyAccessToken } from '../tokens.ts';

export interface AuthenticateCredentialOptions {
  deps: Pick<AuthDeps, 'prisma' | 'settings' | 'credentials' | 'now'>;
  /** An access JWT or an API key (`kyr_…`), as the request carried it. */
  credential: string;
}

/**
 * The principal a credential belongs to; a refused one throws {@link CredentialError} (401).
 * Access tokens are self-contained JWTs: checking one needs no database, so a disabled user or a
 * changed role is seen by every replica when the token expires (and at once by the replica that
 * made the change).
 */
export async function authenticateCredential(
  options: AuthenticateCredentialOptions,
): Promise<Principal> {
  const { deps, credential } = options;
  if (credential.startsWith(API_KEY_PREFIX)) return authenticateApiKey(deps, credential);
  const checked = verifyAccessToken(credential, deps.settings.jwtSecret, deps.now());
  if (!checked.ok) {
    throw checked.reason === 'expired'
      ? new CredentialError('The access token expired; refresh it', 'expired')
      : new CredentialError('The access token is invalid', 'invalid_token');
  }
  const { sub, email, role, issuedAtMs } = checked.claims;
  const staleBefore = deps.credentials.staleBefore.get(sub);
  if (staleBefore !== undefined && issuedAtMs < staleBefore) {
    throw new CredentialError(
      'This account changed since the token was issued; refresh it',
      'invalid_token',
    );
  }
  return {
    kind: 'user',
    id: sub,
    role,
    actor: `user:${email}`,
    actsAs: { kind: 'user', email },
    userId: sub,
  };
}

async function authenticateApiKey(
  deps: AuthenticateCredentialOptions['deps'],
  secret: string,
): Promise<Principal> {
  const { prisma, credentials } = deps;
  const hash = sha256Hex(secret);
  const nowDate = deps.now();
  const now = nowDate.getTime();
  let cached = credentials.apiKeys.get(hash);
  if (!cached || now - cached.cachedAt > credentials.apiKeyCacheMs) {
    const row = await prisma.apiKey.findUnique({ where: { keyHash: hash } });
    if (!row || row.revokedAt) {
      credentials.apiKeys.delete(hash);
      throw new CredentialError('Unknown or revoked API key', 'invalid_token');
    }
    cached = {
      principal: {
        kind: 'api_key',
        id: row.id,
        role: row.role,
        actor: `api_key:${row.name}`,
        actsAs: keyBinding(row),
        ...(row.createdById ? { userId: row.createdById } : {}),
      },
      expiresAt: row.expiresAt,
      lastUsedAt: row.lastUsedAt,
      cachedAt: now,
    };
    credentials.apiKeys.set(hash, cached);
  }
  if (cached.expiresAt && cached.expiresAt.getTime() <= now) {
    throw new CredentialError('This API key expired', 'expired');
  }
  if (!cached.lastUsedAt || now - cached.lastUsedAt.getTime() >= credentials.lastUsedThrottleMs) {
    cached.lastUsedAt = nowDate;
    await prisma.apiKey.update({
      where: { id: cached.principal.id },
      data: { lastUsedAt: nowDate },
    });
  }
  return cached.principal;
}
