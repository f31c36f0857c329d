import type { Agent } from '@kyros/contracts/schemas/collab-agents';

/** An agent silent for longer than this is shown offline, whatever status it last reported. */
export const AGENT_STALE_AFTER_MS = 5 * 60_000;

/**
 * The status to show for an agent at `now`: what it reported, unless its last heartbeat is older
 * than `staleAfterMs` (or unreadable) — then it is offline, not idle or busy.
 */
export function presenceOf(
  agent: Pick<Agent, 'status' | 'last_seen'>,
  now: number,
  staleAfterMs = AGENT_STALE_AFTER_MS,
): Agent['status'] {
  const seen = Date.parse(agent.last_seen);
  if (!Number.isFinite(seen) || now - seen > staleAfterMs) return 'offline';
  return agent.status;
}
