import { isLeaseStale } from '../domain/lease-rules.ts';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { leaseLostEvent } from './reclaim-stale-leases.ts';
import { heldLeaseOrRefuse } from './lease-guards.ts';

/**
 * Ends a lease for its holder; releasing one that has just expired is allowed (it is cleanup).
 * The caller's `details` (e.g. a workflow's ids) go into the one `lease_released` event.
 */
export async function releaseLease(options: {
  store: CollabStore;
  lockId: string;
  /** The holder, from the credential (docs/adr/0008). */
  identity: ActingIdentity;
  details?: Record<string, unknown> | undefined;
}): Promise<{ ok: true }> {
  const { store, lockId, identity } = options;
  const holder = identity.actor;
  return store.locks.update((doc) => {
    const now = store.clock();
    const { lease } = heldLeaseOrRefuse(doc, lockId, holder, now, { allowExpired: true });
    return {
      next: { ...doc, leases: doc.leases.filter((other) => other.lock_id !== lockId) },
      result: { ok: true as const },
      events: [
        {
          event: 'lease_released',
          actor: holder,
          target: lockId,
          details: {
            ...options.details,
            lock_id: lockId,
            resource: lease.resource,
            agent: lease.holder,
            fencing_token: lease.fencing_token,
            expired: isLeaseStale(lease, now),
            ...(lease.task_id === undefined ? {} : { task_id: lease.task_id }),
            ...actingForDetails(identity),
          },
        },
        // An admin releasing it for the holder: the holder did not let go itself.
        ...(identity.actedBy === undefined
          ? []
          : [leaseLostEvent(lease, { reason: 'released_by_admin', actor: identity.actedBy, now })]),
      ],
    };
  });
}
