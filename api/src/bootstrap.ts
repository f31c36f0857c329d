import type { User } from '@kyros/contracts/schemas/auth';
import type { KyrosConfig } from '@kyros/contracts/config';
import { createPrismaClient } from '@kyros/db/client';
import { createAuditLog } from './audit/prisma-audit-log.ts';
import { createAuthDeps, type AuthDeps } from './auth/auth-deps.ts';
import { authSettings } from './auth/open-auth.ts';
import { ensureAdmin } from './auth/operations/ensure-admin.ts';
import { ensureDevAdmin, type DevAdmin } from './auth/operations/ensure-dev-admin.ts';
import { mintServiceKey } from './auth/operations/mint-service-key.ts';
import type { Role } from './auth/principal.ts';

// The API's public entry for scripts (`@kyros/api/bootstrap` in package.json `exports`; scripts
// and bench may import nothing else of the API: .dependency-cruiser.cjs). The credentials a fresh
// installation needs, made by the auth operations over a short-lived database client. Each
// change writes its audit row as `system`; nothing is mirrored onto the collaboration stream,
// whose only writer is the running API.

export type { DevAdmin } from './auth/operations/ensure-dev-admin.ts';

type BootstrapConfig = Pick<KyrosConfig, 'env' | 'dataDir' | 'auth'>;

export interface SeedFirstAdminOptions {
  config: BootstrapConfig;
  databaseUrl: string;
  email: string;
  password: string;
}

/** `npm run seed`: the admin, unless a user has the email already (then it is left as it is). */
export async function seedFirstAdmin(
  options: SeedFirstAdminOptions,
): Promise<{ created: boolean; user: User }> {
  const { config, databaseUrl, email, password } = options;
  return withAuthDeps(config, databaseUrl, (deps) => ensureAdmin({ deps, email, password }));
}

export interface StartupCredentialsOptions {
  config: BootstrapConfig;
  databaseUrl: string;
  /** Development: when there is no user at all, generate `admin@kyros.local` (first-admin.json). */
  generateDevAdmin: boolean;
  /** A fresh service key of this name for a process the supervisor starts (earlier ones revoked). */
  serviceKey: { name: string; role: Role } | undefined;
}

/** `npm start`: the development admin when asked for, and the worker's fresh service key. */
export async function startupCredentials(
  options: StartupCredentialsOptions,
): Promise<{ devAdmin: DevAdmin; serviceKey: string | undefined }> {
  const { config, databaseUrl, generateDevAdmin, serviceKey } = options;
  return withAuthDeps(config, databaseUrl, async (deps) => ({
    devAdmin: generateDevAdmin
      ? await ensureDevAdmin({ deps, dataDir: config.dataDir })
      : { status: 'none' },
    serviceKey: serviceKey ? await mintServiceKey({ deps, ...serviceKey }) : undefined,
  }));
}

async function withAuthDeps<T>(
  config: BootstrapConfig,
  databaseUrl: string,
  work: (deps: AuthDeps) => Promise<T>,
): Promise<T> {
  const prisma = createPrismaClient({ connectionString: databaseUrl, poolSize: 2 });
  try {
    const deps = createAuthDeps({
      prisma,
      audit: createAuditLog({ prisma, logger: { warn: () => undefined } }),
      settings: await authSettings(config),
    });
    return await work(deps);
  } finally {
    await prisma.$disconnect();
  }
}
