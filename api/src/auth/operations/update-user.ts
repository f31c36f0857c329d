import type { PatchUserRequest, User } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { toUser } from '../auth-representations.ts';
import { lastAdminRefusal } from '../last-admin-rule.ts';
import { hashPassword } from '../password-hash.ts';
import type { Principal, Role } from '../principal.ts';

export interface UpdateUserOptions {
  deps: Pick<AuthDeps, 'prisma' | 'audit' | 'credentials' | 'now'>;
  id: string;
  patch: Omit<PatchUserRequest, 'role'> & { role?: Role | undefined };
  principal: Principal | undefined;
  /** The HTTP request's id (X-Request-Id), for its audit row; undefined outside a request. */
  requestId?: string | undefined;
}

/**
 * Changes a user's role, name, password or disabled flag (the role change of `PATCH /users/{id}`
 * too). The change, the end of the user's sessions it implies and its `user.updated` audit row
 * commit in one transaction, under the row locks the last-admin rule needs.
 */
export async function updateUser(options: UpdateUserOptions): Promise<User> {
  const { deps, id, patch, principal, requestId } = options;
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const now = deps.now();
  const { row, sessionsEnded, mirror } = await deps.prisma.$transaction(async (tx) => {
    // Locks every enabled admin, in id order so two of these never deadlock: a concurrent
    // change of an admin waits here, then sees the admins as that one left them.
    const admins = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
    const current = await tx.user.findUnique({ where: { id } });
    if (!current) throw new AppError('not_found', `User ${id} does not exist`);
    // The last-admin reason first: it is the one that tells the admin what to do about it.
    const refusal = lastAdminRefusal({
      target: { ...current, disabled: current.disabledAt !== null },
      patch,
      enabledAdminIds: admins.map((admin) => admin.id),
    });
    if (refusal) throw new AppError('conflict', refusal);
    if (principal?.kind === 'user' && principal.id === id) {
      if (patch.disabled === true || (patch.role !== undefined && patch.role !== current.role)) {
        throw new AppError('conflict', 'Admins cannot disable or demote themselves');
      }
    }
    const row = await tx.user.update({
      where: { id },
      data: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.display_name ? { displayName: patch.display_name } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(patch.disabled === true && !current.disabledAt ? { disabledAt: now } : {}),
        ...(patch.disabled === false ? { disabledAt: null } : {}),
      },
    });
    const sessionsEnded =
      (patch.disabled === true && !current.disabledAt) ||
      (patch.role !== undefined && patch.role !== current.role) ||
      patch.password !== undefined;
    if (sessionsEnded) {
      await tx.refreshToken.updateMany({
        where: { userId: id, revokedAt: null },
        data: { revokedAt: now, revokedReason: 'account_changed' },
      });
    }
    const recorded = await deps.audit.recordWithin(tx, {
      principal,
      requestId,
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      payload: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.display_name ? { display_name: patch.display_name } : {}),
        ...(patch.password ? { password_changed: true } : {}),
      },
    });
    return { row, sessionsEnded, mirror: recorded.mirror };
  });
  // Their access tokens end at once on this replica (elsewhere, at expiry).
  if (sessionsEnded) deps.credentials.staleBefore.set(id, now.getTime());
  await mirror();
  return toUser(row);
}
