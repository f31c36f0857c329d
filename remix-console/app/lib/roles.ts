import type { RoleName } from '@kyros/contracts/schemas/auth';

/** The API's roles, weakest first (docs/AUTH.md: admin > operator > agent > viewer). */
const RANK: Record<RoleName, number> = { viewer: 0, agent: 1, operator: 2, admin: 3 };

function rankOf(role: string): number {
  return role in RANK ? RANK[role as RoleName] : -1;
}

/** Whether a user of `role` may do what the API guards with `requireRole(min)`. */
export function hasRole(role: string, min: RoleName): boolean {
  return rankOf(role) >= RANK[min];
}

/**
 * Why a control is disabled for this user, or undefined when the role allows it. The console hides
 * nothing the user may read; it disables what the API would refuse and says so in the tooltip.
 */
export function roleBlock(role: string, min: RoleName, what: string): string | undefined {
  if (hasRole(role, min)) return undefined;
  const needed = min === 'admin' ? 'an admin' : `an ${min} or admin`;
  return `Your role (${role}) cannot ${what}: it needs ${needed}.`;
}
