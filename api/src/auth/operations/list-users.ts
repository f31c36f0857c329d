import type { User } from '@kyros/contracts/schemas/auth';
import type { AuthDeps } from '../auth-deps.ts';
import { toUser } from '../auth-representations.ts';

export interface ListUsersOptions {
  deps: Pick<AuthDeps, 'prisma'>;
}

/** Every user, oldest first. */
export async function listUsers(options: ListUsersOptions): Promise<User[]> {
  const rows = await options.deps.prisma.user.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(toUser);
}
