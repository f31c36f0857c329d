import type { Role } from './principal.ts';

/** A PATCH of one account, as the last-admin rule sees it. */
export interface AccountChange {
  target: { id: string; email: string; role: Role; disabled: boolean };
  patch: { role?: Role | undefined; disabled?: boolean | undefined; password?: string | undefined };
  /** Every enabled admin, read under the lock the change commits under. */
  enabledAdminIds: readonly string[];
}

/**
 * Why the change would lock every admin out, or undefined when it is safe. Someone must always be
 * able to sign in and manage accounts, so the last enabled admin cannot be demoted or disabled —
 * by anyone, through any credential — and their password, the one way back in, cannot be changed
 * until another admin exists (a mistyped new password would leave no admin who can sign in).
 */
export function lastAdminRefusal({
  target,
  patch,
  enabledAdminIds,
}: AccountChange): string | undefined {
  if (target.role !== 'admin' || target.disabled) return undefined;
  if (enabledAdminIds.some((id) => id !== target.id)) return undefined;
  const what =
    patch.role !== undefined && patch.role !== 'admin'
      ? `demoted to ${patch.role}`
      : patch.disabled === true
        ? 'disabled'
        : patch.password !== undefined
          ? 'given a new password'
          : undefined;
  if (what === undefined) return undefined;
  return `${target.email} is the last enabled admin and cannot be ${what}: make another user admin first`;
}
