import type { User } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { toUser } from '../auth-representations.ts';
import { createUser } from './create-user.ts';

export interface EnsureAdminOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit'>;
  email: string;
  password: string;
}

/**
 * Creates the admin if no user has this email; an existing account is left as it is, also one
 * that another replica starting at the same moment has just made.
 */
export async function ensureAdmin(
  options: EnsureAdminOptions,
): Promise<{ created: boolean; user: User }> {
  const { deps, email, password } = options;
  const existing = await deps.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
  if (existing) return { created: false, user: toUser(existing) };
  try {
    const user = await createUser({
      deps,
      request: { email, password, role: 'admin' },
      principal: undefined,
    });
    return { created: true, user };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    const made = await deps.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!made) throw error;
    return { created: false, user: toUser(made) };
  }
}
