import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { KyrosConfig } from '@kyros/contracts/config';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TestDatabase } from '../database/test-database.ts';
import type { AuditLog } from '@kyros/api/audit/audit-log';
import { openAuth, type Authentication } from '@kyros/api/auth/open-auth';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { createApiKey } from '@kyros/api/auth/operations/create-api-key';
import { createUser } from '@kyros/api/auth/operations/create-user';
import { login } from '@kyros/api/auth/operations/login';
import type { Role } from '@kyros/api/auth/principal';

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
  /**
   * A signed-in user of `role` (`<role>@example.com`, created through the operations on first
   * use; the admin is the one above).
   */
  userOf(role: Role): Promise<{ email: string; password: string; accessToken: string }>;
  /** `Authorization: Bearer <access token>` of {@link userOf}(role). */
  headersAs(role: Role): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface TestAuthOptions {
  /** Per minute; 0 (the default here) turns a limiter off so tests are never throttled. */
  authPerMinute?: number;
  perPrincipalPerMinute?: number;
  accessTokenTtlSeconds?: number;
  audit?: AuditLog;
}

/** Real authentication on `db` (migrated); `close` leaves the database to its owner. */
export async function startTestAuth(
  db: TestDatabase,
  options: TestAuthOptions = {},
): Promise<TestAuth> {
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
    const users = new Map<Role, ReturnType<TestAuth['userOf']>>();
    const userOf = (role: Role) => {
      let user = users.get(role);
      if (!user) {
        user = signUp(role);
        users.set(role, user);
      }
      return user;
    };
    const signUp = async (role: Role) => {
      if (role === 'admin') return { email, password, accessToken: session.access_token };
      const user = {
        email: `${role}@example.com`,
        password: randomBytes(12).toString('base64url'),
      };
      await createUser({ deps, request: { ...user, role }, principal: adminPrincipal });
      const signedIn = await login({ deps, ...user, userAgent: undefined });
      return { ...user, accessToken: signedIn.access_token };
    };
    return {
      db,
      prisma,
      userOf,
      headersAs: async (role) => ({ authorization: `Bearer ${(await userOf(role)).accessToken}` }),
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
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await prisma.$disconnect();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
