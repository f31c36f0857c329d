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
  /**
   * Fresh keys for the processes the supervisor starts (earlier ones of each name revoked):
   * `service` (default true) keys act only as `workflow:<id>`, the others as `api_key:<name>`.
   */
  serviceKeys: readonly { name: string; role: Role; service?: boolean }[];
}

/** `npm start`: the development admin when asked for, and fresh keys by name. */
export async function startupCredentials(
  options: StartupCredentialsOptions,
): Promise<{ devAdmin: DevAdmin; serviceKeys: Record<string, string> }> {
  const { config, databaseUrl, generateDevAdmin, serviceKeys } = options;
  return withAuthDeps(config, databaseUrl, async (deps) => {
    const devAdmin: DevAdmin = generateDevAdmin
      ? await ensureDevAdmin({ deps, dataDir: config.dataDir })
      : { status: 'none' };
    const minted: Record<string, string> = {};
    for (const key of serviceKeys) minted[key.name] = await mintServiceKey({ deps, ...key });
    return { devAdmin, serviceKeys: minted };
  });
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
