import { randomBytes } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuthDeps } from '../auth-deps.ts';
import { ensureAdmin } from './ensure-admin.ts';

export const DEV_ADMIN_EMAIL = 'admin@kyros.local';

/** Where `npm start` keeps the credentials of the admin it made (never in git: under the data dir). */
export function firstAdminFile(dataDir: string): string {
  return path.join(dataDir, 'auth', 'first-admin.json');
}

export type DevAdmin =
  | { status: 'created'; email: string; password: string; file: string }
  | { status: 'saved'; file: string }
  | { status: 'none' };

export interface EnsureDevAdminOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit'>;
  dataDir: string;
}

/**
 * Development only: when the database has no user at all, make `admin@kyros.local` with a
 * generated password and keep it in `<dataDir>/auth/first-admin.json` (mode 0600) so that a
 * restart can say where it is. With users present nothing is created.
 */
export async function ensureDevAdmin(options: EnsureDevAdminOptions): Promise<DevAdmin> {
  const { deps, dataDir } = options;
  const file = firstAdminFile(dataDir);
  if ((await deps.prisma.user.count()) > 0) {
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
  await ensureAdmin({ deps, email: DEV_ADMIN_EMAIL, password });
  return { status: 'created', email: DEV_ADMIN_EMAIL, password, file };
}
