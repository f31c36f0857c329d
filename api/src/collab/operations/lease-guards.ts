import type { Lease, LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import { AppError } from '../../errors/app-error.ts';
import { lookupLease } from '../domain/lease-rules.ts';

/**
 * The refusals shared by heartbeat and release, in this order: 404 for an id never issued, the
 * lost-lease answer for a lease that already ended (released or reclaimed), 403 for someone
 * else's lease, and the lost-lease answer for an expired lease when the operation needs a live
 * one. A heartbeat of a lost lease is 410 Gone with `reason` (the holder must stop and acquire
 * again); release keeps 409, which clients already read as "already gone".
 */
export function heldLeaseOrRefuse(
  doc: LocksDocument,
  lockId: string,
  holder: string,
  now: Date,
  options: { allowExpired: boolean; lostAs?: 'conflict' | 'gone' },
): { lease: Lease; index: number } {
  const lost = options.lostAs ?? 'conflict';
  const found = lookupLease(doc, lockId, now);
  if (found.state === 'unknown') {
    throw new AppError('not_found', `Lease ${lockId} was never granted`);
  }
  if (found.state === 'ended') {
    throw new AppError(
      lost,
      `Lease ${lockId} is no longer held: it was released or reclaimed. Acquire a new lease`,
      { body: { lock_id: lockId, lease_state: 'ended', reason: 'released_or_reclaimed' } },
    );
  }
  if (found.lease.holder !== holder) {
    throw new AppError(
      'forbidden',
      `Lease ${lockId} is held by ${found.lease.holder}, not ${holder}; only the holder may renew or release it`,
      { body: { lock_id: lockId, holder: found.lease.holder } },
    );
  }
  if (found.state === 'expired' && !options.allowExpired) {
    throw new AppError(
      lost,
      `Lease ${lockId} expired at ${found.lease.expires_at}; it can no longer be renewed. Acquire a new lease`,
      {
        body: {
          lock_id: lockId,
          lease_state: 'expired',
          reason: 'expired',
          expires_at: found.lease.expires_at,
        },
      },
    );
  }
  return { lease: found.lease, index: found.index };
}
