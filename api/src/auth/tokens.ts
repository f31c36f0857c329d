import {
  createHash,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Role } from './principal.ts';

export const ACCESS_TOKEN_ISSUER = 'kyros';
export const ACCESS_TOKEN_AUDIENCE = 'kyros-api';
/** API keys start with this, so scanners and people recognise them (and bearer tokens differ). */
export const API_KEY_PREFIX = 'kyr_';

/** What an access token asserts: who the user is and the role they had when it was issued. */
export interface AccessClaims {
  /** users.id */
  sub: string;
  email: string;
  role: Role;
}

export interface VerifiedClaims extends AccessClaims {
  /** When it was issued, in ms (`iat` has whole seconds only). */
  issuedAtMs: number;
}

export function signAccessToken(
  claims: AccessClaims,
  secret: string,
  ttlSeconds: number,
  now: Date = new Date(),
): string {
  return jwt.sign(
    {
      email: claims.email,
      role: claims.role,
      iat: Math.floor(now.getTime() / 1000),
      iat_ms: now.getTime(),
    },
    hmacKeyOf(secret),
    {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
    },
  );
}

export type AccessTokenCheck =
  { ok: true; claims: VerifiedClaims } | { ok: false; reason: 'expired' | 'invalid' };

/** Only HS256 with our issuer and audience is accepted; anything else is `invalid`. */
export function verifyAccessToken(
  token: string,
  secret: string,
  now: Date = new Date(),
): AccessTokenCheck {
  try {
    const payload = jwt.verify(token, hmacKeyOf(secret), {
      algorithms: ['HS256'],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    if (typeof payload !== 'object') return { ok: false, reason: 'invalid' };
    const { sub, email, role, iat, iat_ms: iatMs } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof email !== 'string' || !isRole(role)) {
      return { ok: false, reason: 'invalid' };
    }
    const issuedAtMs = typeof iatMs === 'number' ? iatMs : typeof iat === 'number' ? iat * 1000 : 0;
    return { ok: true, claims: { sub, email, role, issuedAtMs } };
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'invalid' };
  }
}

let cachedKey: { secret: string; key: KeyObject } | undefined;

/**
 * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a
 * PEM public key on every call, which cost ~0.5 ms per request (most of the API's CPU under load).
 */
function hmacKeyOf(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  }
  return cachedKey.key;
}

/** A refresh token: 256 random bits, base64url. Only its sha256 is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** An API key: `kyr_` + 256 random bits; its first 12 characters are kept as the prefix. */
export function newApiKey(): { secret: string; prefix: string } {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, 12) };
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (of any lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
