import type { User } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { toUser } from '../auth-representations.ts';

export interface ReadUserOptions {
  deps: Pick<AuthDeps, 'prisma'>;
  id: string;
}

/** One user; 404 when there is none with this id. */
export async function readUser(options: ReadUserOptions): Promise<User> {
  const { deps, id } = options;
  const row = await deps.prisma.user.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `User ${id} does not exist`);
  return toUser(row);
}
