import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { KyrosConfig } from '@kyros/contracts/config';
import type { PrismaClient } from '@kyros/db/client';
import type { ApiModule } from '../api-module.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { createAuditLog } from '../audit/prisma-audit-log.ts';
import { createAuthDeps, type AuthDeps, type AuthSettings } from './auth-deps.ts';
import { authModule } from './auth-module.ts';
import { authenticate, isPublicPath } from './authenticate.ts';
import { ensureAdmin } from './operations/ensure-admin.ts';
import { authRouteLimiter, principalLimiter } from './rate-limit.ts';

export interface Authentication {
  /** What the auth operations (`./operations/`) need, with this replica's credential cache. */
  deps: AuthDeps;
  /** For createApp: establishes `req.principal`, then rate-limits per principal. */
  middleware: RequestHandler[];
  /** `/auth/*` and `/users`. */
  module: ApiModule;
}

export interface OpenAuthOptions {
  prisma: PrismaClient;
  config: Pick<KyrosConfig, 'env' | 'dataDir' | 'auth'>;
  logger: Logger;
  /** Without one, audit rows are written but not mirrored onto the collaboration stream. */
  audit?: AuditLog;
}

/** How often a replica adds its per-principal hits to the shared count (BatchedRateLimitStore). */
const PRINCIPAL_LIMIT_FLUSH_MS = 1_000;

/**
 * Authentication for one API process: the JWT secret, the first admin (KYROS_ADMIN_EMAIL /
 * KYROS_ADMIN_PASSWORD, created when absent), the authenticate middleware, the rate limiters and
 * the auth routes.
 */
export async function openAuth(options: OpenAuthOptions): Promise<Authentication> {
  const { prisma, config, logger } = options;
  const deps = createAuthDeps({
    prisma,
    audit: options.audit ?? createAuditLog({ prisma, logger }),
    settings: await authSettings(config),
  });
  if (config.auth.admin) {
    const { created, user } = await ensureAdmin({ deps, ...config.auth.admin });
    if (created)
      logger.info({ email: user.email }, 'created the first admin from KYROS_ADMIN_EMAIL');
  }
  const { authPerMinute, perPrincipalPerMinute } = config.auth.rateLimits;
  return {
    deps,
    middleware: [
      authenticate(deps),
      principalLimiter(
        { prisma, limit: perPrincipalPerMinute, flushIntervalMs: PRINCIPAL_LIMIT_FLUSH_MS },
        isPublicPath,
      ),
    ],
    module: authModule({
      auth: deps,
      credentialLimiter: authRouteLimiter({ prisma, limit: authPerMinute }),
    }),
  };
}

/** The token settings of every replica: the shared secret and the two lifetimes. */
export async function authSettings(
  config: Pick<KyrosConfig, 'env' | 'dataDir' | 'auth'>,
): Promise<AuthSettings> {
  return {
    jwtSecret: await resolveJwtSecret(config),
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
  };
}

/**
 * KYROS_JWT_SECRET, which every replica must share. Without it (development and tests only) a
 * random secret is made once and kept in `<dataDir>/auth/jwt-secret`, so restarts keep sessions.
 */
export async function resolveJwtSecret(
  config: Pick<KyrosConfig, 'env' | 'dataDir' | 'auth'>,
): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (config.env === 'production') {
    throw new Error(
      'KYROS_JWT_SECRET must be set in production (32+ random characters, the same on every API replica)',
    );
  }
  const file = path.join(config.dataDir, 'auth', 'jwt-secret');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
