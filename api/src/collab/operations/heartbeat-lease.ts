import type { HeartbeatLeaseRequest, Lease } from '@kyros/contracts/schemas/collab-leases';
import { leaseExpiry } from '../domain/lease-rules.ts';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import type { LeaseGrant } from './acquire-lease.ts';
import { heldLeaseOrRefuse } from './lease-guards.ts';

/** Renews a live lease for its holder: heartbeat_at = now, optionally with a new TTL. */
export async function heartbeatLease(options: {
  store: CollabStore;
  lockId: string;
  request: HeartbeatLeaseRequest;
  /** The holder, from the credential (docs/adr/0008). */
  identity: ActingIdentity;
}): Promise<LeaseGrant> {
  const { store, lockId, request, identity } = options;
  return store.locks.update((doc) => {
    const now = store.clock();
    const { lease: current, index } = heldLeaseOrRefuse(doc, lockId, identity.actor, now, {
      allowExpired: false,
      lostAs: 'gone',
    });
    const heartbeatAt = now.toISOString();
    const ttl = request.ttl_seconds ?? current.ttl_seconds;
    const lease: Lease = {
      ...current,
      heartbeat_at: heartbeatAt,
      ttl_seconds: ttl,
      expires_at: leaseExpiry(heartbeatAt, ttl).toISOString(),
    };
    const leases = doc.leases.slice();
    leases[index] = lease;
    return {
      next: { ...doc, leases },
      result: {
        lock_id: lease.lock_id,
        fencing_token: lease.fencing_token,
        expires_at: lease.expires_at,
        lease,
      },
      events: [
        {
          event: 'lease_renewed',
          actor: identity.actor,
          target: lease.lock_id,
          details: {
            lock_id: lease.lock_id,
            resource: lease.resource,
            agent: lease.holder,
            fencing_token: lease.fencing_token,
            expires_at: lease.expires_at,
            ...(lease.task_id === undefined ? {} : { task_id: lease.task_id }),
            ...actingForDetails(identity),
          },
        },
      ],
    };
  });
}
