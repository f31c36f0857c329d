import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll } from 'vitest';
import type { KyrosConfig } from '@kyros/contracts/config';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import { createTestDatabase, type TestDatabase } from '../database/test-database.ts';
import type { AuditLog } from '@kyros/api/audit/audit-log';
import { openAuth, type Authentication } from '@kyros/api/auth/open-auth';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { createApiKey } from '@kyros/api/auth/operations/create-api-key';
import { login } from '@kyros/api/auth/operations/login';

/**
 * One migrated database per test file, shared by every startTestAuth of that file (each call
 * makes its own admin and keys) and dropped after the file.
 */
let shared: Promise<TestDatabase> | undefined;
function sharedDatabase(): Promise<TestDatabase> {
  shared ??= migratedDatabase();
  return shared;
}
afterAll(async () => {
  const db = await shared?.catch(() => undefined);
  shared = undefined;
  await db?.drop();
});

function migratedDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ migrated: true });
}

/**
 * Real authentication for a test API: a migrated database (the run's embedded PostgreSQL, or
 * TEST_DATABASE_URL's), an admin created the way KYROS_ADMIN_EMAIL does it and signed in, an
 * unbound `agent` API key, the worker's service key and bound keys on demand — minted through the
 * auth operations, the credentials a test sends.
 */
export interface TestAuth {
  db: TestDatabase;
  prisma: PrismaClient;
  auth: Authentication;
  jwtSecret: string;
  admin: { id: string; email: string; password: string };
  /** An admin access token (from a real login). */
  adminToken: string;
  /** An API key (`kyr_…`) with the agent role: may read and write the collaboration routes. */
  agentKey: string;
  /** `Authorization: Bearer <agentKey>`, for raw `fetch` calls. */
  agentHeaders: Record<string, string>;
  /** `Authorization: Bearer <adminToken>`. */
  adminHeaders: Record<string, string>;
  /** The worker's service key: acts only as `workflow:<id>` (docs/adr/0008). */
  serviceKey: string;
  /** An `agent` key bound to `agentId` (minted once per agent id): it acts only as that agent. */
  keyFor(agentId: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAuthOptions {
  /** Per minute; 0 (the default here) turns a limiter off so tests are never throttled. */
  authPerMinute?: number;
  perPrincipalPerMinute?: number;
  accessTokenTtlSeconds?: number;
  audit?: AuditLog;
  /** A database of its own (dropped on close) instead of the file's shared one. */
  freshDatabase?: boolean;
}

export async function startTestAuth(options: TestAuthOptions = {}): Promise<TestAuth> {
  const db = options.freshDatabase ? await migratedDatabase() : await sharedDatabase();
  const dropOwn = () => (options.freshDatabase ? db.drop() : Promise.resolve());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-auth-'));
  const prisma = createPrismaClient({ connectionString: db.url, poolSize: 4 });
  try {
    const jwtSecret = randomBytes(32).toString('base64url');
    const password = randomBytes(12).toString('base64url');
    const email = `admin-${randomBytes(4).toString('hex')}@kyros.test`;
    const config: Pick<KyrosConfig, 'env' | 'dataDir' | 'auth'> = {
      env: 'test',
      dataDir,
      auth: {
        jwtSecret,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
        refreshTokenTtlSeconds: 3600,
        admin: { email, password },
        apiKey: undefined,
        rateLimits: {
          authPerMinute: options.authPerMinute ?? 0,
          perPrincipalPerMinute: options.perPrincipalPerMinute ?? 0,
        },
      },
    };
    const auth = await openAuth({
      prisma,
      config,
      logger: pino({ level: 'silent' }),
      ...(options.audit ? { audit: options.audit } : {}),
    });
    const { deps } = auth;
    const session = await login({ deps, email, password, userAgent: undefined });
    const adminPrincipal = await authenticateCredential({
      deps,
      credential: session.access_token,
    });
    const { secret: agentKey } = await createApiKey({
      deps,
      request: { name: 'test-agent', role: 'agent' },
      principal: adminPrincipal,
    });
    const { secret: serviceKey } = await createApiKey({
      deps,
      request: { name: 'test-worker', role: 'agent', service: true },
      principal: adminPrincipal,
    });
    const boundKeys = new Map<string, Promise<string>>();
    const keyFor = (agentId: string) => {
      let key = boundKeys.get(agentId);
      if (!key) {
        key = createApiKey({
          deps,
          request: { name: `key-${agentId}`, role: 'agent', agent_id: agentId },
          principal: adminPrincipal,
        }).then((created) => created.secret);
        boundKeys.set(agentId, key);
      }
      return key;
    };
    return {
      db,
      prisma,
      serviceKey,
      keyFor,
      auth,
      jwtSecret,
      admin: { id: session.user.id, email, password },
      adminToken: session.access_token,
      agentKey,
      agentHeaders: { authorization: `Bearer ${agentKey}` },
      adminHeaders: { authorization: `Bearer ${session.access_token}` },
      async close() {
        await prisma.$disconnect();
        await dropOwn();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await prisma.$disconnect();
    await dropOwn();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
