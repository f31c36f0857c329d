import type { User } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import { isUniqueViolation } from '../../errors/unique-violation.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { toUser } from '../auth-representations.ts';
import { hashPassword } from '../password-hash.ts';
import type { Principal, Role } from '../principal.ts';

export interface CreateUserOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit'>;
  request: { email: string; password: string; role: Role; display_name?: string | undefined };
  /** Who creates it; undefined for the system (the first admin at start-up). */
  principal: Principal | undefined;
  /** The HTTP request's id (X-Request-Id), for its audit row; undefined outside a request. */
  requestId?: string | undefined;
}

/** A new account; the row and its `user.created` audit row commit together. */
export async function createUser(options: CreateUserOptions): Promise<User> {
  const { deps, request, principal, requestId } = options;
  const email = request.email.toLowerCase();
  const taken = () => new AppError('conflict', `A user with email ${email} already exists`);
  if (await deps.prisma.user.findUnique({ where: { email } })) throw taken();
  const passwordHash = await hashPassword(request.password);
  const displayName = request.display_name ?? email.split('@')[0] ?? email;
  const { row, mirror } = await deps.prisma
    .$transaction(async (tx) => {
      const row = await tx.user.create({
        data: { email, displayName, passwordHash, role: request.role },
      });
      const recorded = await deps.audit.recordWithin(tx, {
        principal,
        requestId,
        action: 'user.created',
        targetType: 'user',
        targetId: row.id,
        payload: { email, role: row.role },
      });
      return { row, mirror: recorded.mirror };
    })
    .catch((error: unknown) => {
      // Two creations of one email can both pass the read; the unique index refuses the second.
      throw isUniqueViolation(error) ? taken() : error;
    });
  await mirror();
  return toUser(row);
}
