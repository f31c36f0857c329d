import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@kyros/db/client';
import type {
  ApiKey,
  ApiKeyCreatedResponse,
  CreateApiKeyRequest,
  PatchUserRequest,
  TokenResponse,
  User,
} from '@kyros/contracts/schemas/auth';
import type { AuditLog } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import { actsAsLabel } from './acting-identity.ts';
import { lastAdminRefusal } from './last-admin-rule.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hash.ts';
import type { ActsAs, Principal, Role } from './principal.ts';
import {
  API_KEY_PREFIX,
  newApiKey,
  newRefreshToken,
  sha256Hex,
  signAccessToken,
  verifyAccessToken,
} from './tokens.ts';

export interface AuthSettings {
  /** HS256 secret shared by every API replica. */
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export interface AuthServiceOptions {
  prisma: PrismaClient;
  settings: AuthSettings;
  audit?: AuditLog;
  now?: () => Date;
  /** How long an API key lookup is reused on this replica (revocations elsewhere lag by it). */
  apiKeyCacheMs?: number;
  /** `last_used_at` is written at most this often per key. */
  lastUsedThrottleMs?: number;
}

/** Why a credential was refused; becomes a 401 with `WWW-Authenticate`. */
export class CredentialError extends AppError {
  constructor(
    message: string,
    readonly reason: 'invalid_token' | 'expired',
  ) {
    super('unauthorized', message);
  }
}

interface CachedKey {
  principal: Principal;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  cachedAt: number;
}

type UserRow = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
};
type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  agentId: string | null;
  service: boolean;
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const WRONG_CREDENTIALS = 'Wrong email or password';

/**
 * Users, sessions (access + rotating refresh tokens) and API keys, over Prisma. Access tokens are
 * self-contained JWTs: checking one needs no database, so a disabled user or a changed role is
 * seen by every replica when the token expires (and at once by the replica that made the change).
 */
export class AuthService {
  readonly #prisma: PrismaClient;
  readonly #settings: AuthSettings;
  readonly #audit: AuditLog | undefined;
  readonly #now: () => Date;
  readonly #keyCacheMs: number;
  readonly #lastUsedThrottleMs: number;
  readonly #keys = new Map<string, CachedKey>();
  /** users.id → tokens issued before this time are refused (disabled, or role changed). */
  readonly #staleBefore = new Map<string, number>();

  constructor(options: AuthServiceOptions) {
    this.#prisma = options.prisma;
    this.#settings = options.settings;
    this.#audit = options.audit;
    this.#now = options.now ?? (() => new Date());
    this.#keyCacheMs = options.apiKeyCacheMs ?? 10_000;
    this.#lastUsedThrottleMs = options.lastUsedThrottleMs ?? 60_000;
  }

  get accessTokenTtlSeconds(): number {
    return this.#settings.accessTokenTtlSeconds;
  }

  // --- Sessions --------------------------------------------------------------------------------

  async login(email: string, password: string, userAgent?: string): Promise<TokenResponse> {
    const user = await this.#prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!user?.passwordHash) {
      // Same cost as a real check, so timing does not tell which emails exist.
      await verifyPassword(password, await decoyPasswordHash());
      throw new AppError('unauthorized', WRONG_CREDENTIALS);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      throw new AppError('unauthorized', WRONG_CREDENTIALS);
    }
    if (user.disabledAt) throw new AppError('unauthorized', 'This account is disabled');
    const now = this.#now();
    const updated = await this.#prisma.user.update({
      where: { id: user.id },
      data: { lastLoginAt: now },
    });
    return this.#issue(updated, randomUUID(), userAgent);
  }

  /**
   * Rotates a refresh token: the presented one is stamped rotated and a new one of the same
   * family is issued. A token presented after it was rotated is reuse — someone holds a copy —
   * so the whole family is revoked and both holders must sign in again.
   */
  async refresh(token: string, userAgent?: string): Promise<TokenResponse> {
    const now = this.#now();
    const row = await this.#prisma.refreshToken.findUnique({
      where: { tokenHash: sha256Hex(token) },
      include: { user: true },
    });
    if (!row) throw new AppError('unauthorized', 'Unknown refresh token');
    if (row.revokedAt) throw new AppError('unauthorized', 'This refresh token was revoked');
    if (row.rotatedAt) {
      await this.#revokeFamily(row.familyId, 'reuse', now);
      throw new AppError(
        'unauthorized',
        'This refresh token was already used; its session is now revoked — sign in again',
      );
    }
    if (row.expiresAt <= now) throw new AppError('unauthorized', 'This refresh token expired');
    if (row.user.disabledAt) {
      await this.#revokeFamily(row.familyId, 'user_disabled', now);
      throw new AppError('unauthorized', 'This account is disabled');
    }
    // Only one of two concurrent refreshes with the same token wins; the other is reuse.
    const claimed = await this.#prisma.refreshToken.updateMany({
      where: { id: row.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now },
    });
    if (claimed.count !== 1) {
      await this.#revokeFamily(row.familyId, 'reuse', now);
      throw new AppError('unauthorized', 'This refresh token was already used');
    }
    return this.#issue(row.user, row.familyId, userAgent);
  }

  /** Ends the session the refresh token belongs to (its whole family). Unknown tokens: no-op. */
  async logout(token: string): Promise<void> {
    const row = await this.#prisma.refreshToken.findUnique({
      where: { tokenHash: sha256Hex(token) },
    });
    if (row) await this.#revokeFamily(row.familyId, 'logout', this.#now());
  }

  async #issue(user: UserRow, familyId: string, userAgent?: string): Promise<TokenResponse> {
    const now = this.#now();
    const refreshToken = newRefreshToken();
    await this.#prisma.refreshToken.create({
      data: {
        userId: user.id,
        familyId,
        tokenHash: sha256Hex(refreshToken),
        expiresAt: new Date(now.getTime() + this.#settings.refreshTokenTtlSeconds * 1000),
        userAgent: userAgent?.slice(0, 500) ?? null,
      },
    });
    return {
      access_token: signAccessToken(
        { sub: user.id, email: user.email, role: user.role },
        this.#settings.jwtSecret,
        this.#settings.accessTokenTtlSeconds,
        now,
      ),
      token_type: 'Bearer',
      expires_in: this.#settings.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      user: toUser(user),
    };
  }

  async #revokeFamily(familyId: string, reason: string, now: Date): Promise<void> {
    await this.#prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    });
  }

  // --- Authenticating requests -----------------------------------------------------------------

  /** An access JWT or an API key (`kyr_…`) → the principal; refused credentials throw 401. */
  async authenticate(credential: string): Promise<Principal> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.#authenticateApiKey(credential);
    const now = this.#now();
    const checked = verifyAccessToken(credential, this.#settings.jwtSecret, now);
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? new CredentialError('The access token expired; refresh it', 'expired')
        : new CredentialError('The access token is invalid', 'invalid_token');
    }
    const { sub, email, role, issuedAtMs } = checked.claims;
    const staleBefore = this.#staleBefore.get(sub);
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

  async #authenticateApiKey(secret: string): Promise<Principal> {
    const hash = sha256Hex(secret);
    const nowDate = this.#now();
    const now = nowDate.getTime();
    let cached = this.#keys.get(hash);
    if (!cached || now - cached.cachedAt > this.#keyCacheMs) {
      const row = await this.#prisma.apiKey.findUnique({ where: { keyHash: hash } });
      if (!row || row.revokedAt) {
        this.#keys.delete(hash);
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
      this.#keys.set(hash, cached);
    }
    if (cached.expiresAt && cached.expiresAt.getTime() <= now) {
      throw new CredentialError('This API key expired', 'expired');
    }
    if (!cached.lastUsedAt || now - cached.lastUsedAt.getTime() >= this.#lastUsedThrottleMs) {
      cached.lastUsedAt = nowDate;
      await this.#prisma.apiKey.update({
        where: { id: cached.principal.id },
        data: { lastUsedAt: nowDate },
      });
    }
    return cached.principal;
  }

  // --- Users -----------------------------------------------------------------------------------

  async listUsers(): Promise<User[]> {
    const rows = await this.#prisma.user.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toUser);
  }

  async getUser(id: string): Promise<User> {
    const row = await this.#prisma.user.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `User ${id} does not exist`);
    return toUser(row);
  }

  async createUser(
    request: { email: string; password: string; role: Role; display_name?: string | undefined },
    by?: Principal,
  ): Promise<User> {
    const email = request.email.toLowerCase();
    const taken = () => new AppError('conflict', `A user with email ${email} already exists`);
    if (await this.#prisma.user.findUnique({ where: { email } })) throw taken();
    const passwordHash = await hashPassword(request.password);
    const displayName = request.display_name ?? email.split('@')[0] ?? email;
    // Two creations of one email can both pass the read; the unique index refuses the second.
    const row = await this.#prisma.user
      .create({ data: { email, displayName, passwordHash, role: request.role } })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? taken() : error;
      });
    await this.#audit?.record({
      principal: by,
      action: 'user.created',
      targetType: 'user',
      targetId: row.id,
      payload: { email, role: row.role },
    });
    return toUser(row);
  }

  async updateUser(
    id: string,
    patch: Omit<PatchUserRequest, 'role'> & { role?: Role | undefined },
    by?: Principal,
  ): Promise<User> {
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    const now = this.#now();
    const { current, row } = await this.#prisma.$transaction(async (tx) => {
      // Locks every enabled admin, in id order so two of these never deadlock: a concurrent
      // change of an admin waits here, then sees the admins as that one left them.
      const admins = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
      const current = await tx.user.findUnique({ where: { id } });
      if (!current) throw new AppError('not_found', `User ${id} does not exist`);
      // The last-admin reason first: it is the one that tells the admin what to do about it.
      const refusal = lastAdminRefusal({
        target: { ...current, disabled: current.disabledAt !== null },
        patch,
        enabledAdminIds: admins.map((admin) => admin.id),
      });
      if (refusal) throw new AppError('conflict', refusal);
      if (by?.kind === 'user' && by.id === id && (patch.disabled === true || patch.role)) {
        if (patch.disabled === true || patch.role !== current.role) {
          throw new AppError('conflict', 'Admins cannot disable or demote themselves');
        }
      }
      const row = await tx.user.update({
        where: { id },
        data: {
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.display_name ? { displayName: patch.display_name } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          ...(patch.disabled === true && !current.disabledAt ? { disabledAt: now } : {}),
          ...(patch.disabled === false ? { disabledAt: null } : {}),
        },
      });
      return { current, row };
    });
    const sessionsEnd =
      (patch.disabled === true && !current.disabledAt) ||
      (patch.role !== undefined && patch.role !== current.role) ||
      patch.password !== undefined;
    if (sessionsEnd) {
      // Their refresh tokens end here; their access tokens on this replica too (elsewhere, at
      // expiry).
      await this.#prisma.refreshToken.updateMany({
        where: { userId: id, revokedAt: null },
        data: { revokedAt: now, revokedReason: 'account_changed' },
      });
      this.#staleBefore.set(id, now.getTime());
    }
    await this.#audit?.record({
      principal: by,
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      payload: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.display_name ? { display_name: patch.display_name } : {}),
        ...(patch.password ? { password_changed: true } : {}),
      },
    });
    return toUser(row);
  }

  /** Creates the admin if no user has this email; an existing account is left as it is. */
  async ensureAdmin(email: string, password: string): Promise<{ created: boolean; user: User }> {
    const existing = await this.#prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    if (existing) return { created: false, user: toUser(existing) };
    const user = await this.createUser({ email, password, role: 'admin' });
    return { created: true, user };
  }

  // --- API keys --------------------------------------------------------------------------------

  async createApiKey(
    request: Pick<CreateApiKeyRequest, 'name' | 'expires_at' | 'agent_id' | 'service'> & {
      role: Role;
    },
    by?: Principal,
  ): Promise<ApiKeyCreatedResponse> {
    const { secret, prefix } = newApiKey();
    const row = await this.#prisma.apiKey.create({
      data: {
        name: request.name,
        prefix,
        keyHash: sha256Hex(secret),
        role: request.role,
        agentId: request.agent_id ?? null,
        service: request.service ?? false,
        createdById: by?.userId ?? null,
        expiresAt: request.expires_at ? new Date(request.expires_at) : null,
      },
    });
    await this.#audit?.record({
      principal: by,
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
    return { api_key: toApiKey(row), secret };
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const rows = await this.#prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toApiKey);
  }

  async revokeApiKey(id: string, by?: Principal): Promise<ApiKey> {
    const current = await this.#prisma.apiKey.findUnique({ where: { id } });
    if (!current) throw new AppError('not_found', `API key ${id} does not exist`);
    const row = current.revokedAt
      ? current
      : await this.#prisma.apiKey.update({ where: { id }, data: { revokedAt: this.#now() } });
    this.#keys.delete(current.keyHash);
    if (!current.revokedAt) {
      await this.#audit?.record({
        principal: by,
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: id,
        payload: { name: row.name, prefix: row.prefix },
      });
    }
    return toApiKey(row);
  }
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    display_name: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** Who a key may act as (docs/adr/0008-identity-from-the-credential.md). */
function keyBinding(row: Pick<ApiKeyRow, 'name' | 'agentId' | 'service'>): ActsAs {
  if (row.service) return { kind: 'workflows' };
  if (row.agentId) return { kind: 'agent', agentId: row.agentId };
  return { kind: 'unbound_key', name: row.name };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    agent_id: row.agentId,
    service: row.service,
    acts_as: actsAsLabel({ role: row.role, actsAs: keyBinding(row) }),
    created_by: row.createdById,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked: row.revokedAt !== null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
