import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import { isLeaseStale } from '../domain/lease-rules.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

/** Removes every stale lease (now > heartbeat_at + ttl), one `lease_reclaimed` event each. */
export async function reclaimStaleLeases(options: {
  store: CollabStore;
  actor: string;
}): Promise<{ reclaimed: Lease[] }> {
  const { store, actor } = options;
  return store.locks.update((doc) => {
    const now = store.clock();
    const reclaimed = doc.leases.filter((lease) => isLeaseStale(lease, now));
    if (reclaimed.length === 0) return { result: { reclaimed } };
    return {
      next: { ...doc, leases: doc.leases.filter((lease) => !isLeaseStale(lease, now)) },
      result: { reclaimed },
      events: reclaimed.flatMap((lease) => reclaimedEvents(lease, actor, now)),
    };
  });
}

/** A reclaim is two events: `lease_reclaimed` about the lease, `lease_lost` to its holder. */
export function reclaimedEvents(lease: Lease, actor: string, now: Date): NewEvent[] {
  return [
    reclaimedEvent(lease, actor, now),
    leaseLostEvent(lease, { reason: 'reclaimed', actor, now }),
  ];
}

/**
 * Tells a holder its lease is gone (docs/MCP.md, lease-loss notices): targeted at the holder, so
 * its MCP session (or anyone following `?agent=`) hears it without watching every lease.
 */
export function leaseLostEvent(
  lease: Lease,
  loss: { reason: 'reclaimed' | 'released_by_admin'; actor: string; now: Date },
): NewEvent {
  return {
    event: 'lease_lost',
    actor: loss.actor,
    target: lease.holder,
    details: {
      lock_id: lease.lock_id,
      resource: lease.resource,
      agent: lease.holder,
      reason: loss.reason,
      fencing_token: lease.fencing_token,
      expired_at: lease.expires_at,
      lost_at: loss.now.toISOString(),
      ...(lease.task_id === undefined ? {} : { task_id: lease.task_id }),
    },
  };
}

function reclaimedEvent(lease: Lease, actor: string, now: Date): NewEvent {
  return {
    event: 'lease_reclaimed',
    actor,
    target: lease.lock_id,
    details: {
      lock_id: lease.lock_id,
      resource: lease.resource,
      holder: lease.holder,
      agent: lease.holder,
      fencing_token: lease.fencing_token,
      expired_at: lease.expires_at,
      reclaimed_at: now.toISOString(),
      ...(lease.task_id === undefined ? {} : { task_id: lease.task_id }),
    },
  };
}
