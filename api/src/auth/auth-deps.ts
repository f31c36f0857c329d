import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../audit/audit-log.ts';
import { createCredentialCache, type CredentialCache } from './credential-cache.ts';

export interface AuthSettings {
  /** HS256 secret shared by every API replica. */
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/**
 * What the auth operations need; the caller (openAuth, the bootstrap entry, tests) owns the
 * Prisma client. One `credentials` cache per API replica.
 */
export interface AuthDeps {
  prisma: PrismaClient;
  /** Every user and key mutation writes its audit row in the mutation's own transaction. */
  audit: AuditLog;
  settings: AuthSettings;
  credentials: CredentialCache;
  now: () => Date;
}

export function createAuthDeps(options: {
  prisma: PrismaClient;
  audit: AuditLog;
  settings: AuthSettings;
  credentials?: CredentialCache;
  now?: () => Date;
}): AuthDeps {
  return {
    prisma: options.prisma,
    audit: options.audit,
    settings: options.settings,
    credentials: options.credentials ?? createCredentialCache(),
    now: options.now ?? (() => new Date()),
  };
}
