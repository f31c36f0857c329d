import { randomBytes } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KyrosConfig } from '@kyros/contracts/config';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import { AuthService } from './auth-service.ts';
import { resolveJwtSecret } from './open-auth.ts';
import type { Role } from './principal.ts';

/** Where `npm start` keeps the credentials of the admin it made (never in git: under the data dir). */
export function firstAdminFile(dataDir: string): string {
  return path.join(dataDir, 'auth', 'first-admin.json');
}

export const DEV_ADMIN_EMAIL = 'admin@kyros.local';

type BootstrapConfig = Pick<KyrosConfig, 'env' | 'dataDir' | 'auth' | 'database'>;

/** The auth service over its own short-lived Prisma client, for start-up and seeding scripts. */
export async function withAuthService<T>(
  config: BootstrapConfig,
  databaseUrl: string,
  work: (auth: AuthService, prisma: PrismaClient) => Promise<T>,
): Promise<T> {
  const prisma = createPrismaClient({ connectionString: databaseUrl, poolSize: 2 });
  try {
    const auth = new AuthService({
      prisma,
      settings: {
        jwtSecret: await resolveJwtSecret(config),
        accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
        refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
      },
    });
    return await work(auth, prisma);
  } finally {
    await prisma.$disconnect();
  }
}

export type DevAdmin =
  | { status: 'created'; email: string; password: string; file: string }
  | { status: 'saved'; file: string }
  | { status: 'none' };

/**
 * Development only: when the database has no user at all, make `admin@kyros.local` with a
 * generated password and keep it in `<dataDir>/auth/first-admin.json` (mode 0600) so that a
 * restart can say where it is. With users present nothing is created.
 */
export async function ensureDevAdmin(
  auth: AuthService,
  prisma: PrismaClient,
  dataDir: string,
): Promise<DevAdmin> {
  const file = firstAdminFile(dataDir);
  if ((await prisma.user.count()) > 0) {
    const saved = await access(file).then(
      () => true,
      () => false,
    );
    return saved ? { status: 'saved', file } : { status: 'none' };
  }
  const password = randomBytes(18).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(
    file,
    `${JSON.stringify({ email: DEV_ADMIN_EMAIL, password, created_at: new Date().toISOString() }, null, 2)}\n`,
    { mode: 0o600 },
  );
  await auth.ensureAdmin(DEV_ADMIN_EMAIL, password);
  return { status: 'created', email: DEV_ADMIN_EMAIL, password, file };
}

/**
 * A fresh service key for a process the supervisor starts (the worker): it acts only as
 * `workflow:<id>` (docs/adr/0008). Earlier keys of the same name are revoked first, so restarts
 * do not pile up live keys.
 */
export async function mintServiceKey(
  auth: AuthService,
  prisma: PrismaClient,
  name: string,
  role: Role,
): Promise<string> {
  const earlier = await prisma.apiKey.findMany({ where: { name, revokedAt: null } });
  for (const key of earlier) await auth.revokeApiKey(key.id);
  return (await auth.createApiKey({ name, role, service: true })).secret;
}
