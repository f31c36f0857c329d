import type { Lease, LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import { AppError } from '../../errors/app-error.ts';
import { lookupLease } from '../domain/lease-rules.ts';

/**
 * The refusals shared by heartbeat and release, in this order: 404 for an id never issued, 409
 * for a lease that already ended (released or reclaimed), 403 for someone else's lease, and 409
 * for an expired lease when the operation needs a live one. 409 rather than 410 for an expired
 * id: the API's error set has no 410, and "acquire a new lease" is a conflict with current state.
 */
export function heldLeaseOrRefuse(
  doc: LocksDocument,
  lockId: string,
  holder: string,
  now: Date,
  options: { allowExpired: boolean },
): { lease: Lease; index: number } {
  const found = lookupLease(doc, lockId, now);
  if (found.state === 'unknown') {
    throw new AppError('not_found', `Lease ${lockId} was never granted`);
  }
  if (found.state === 'ended') {
    throw new AppError(
      'conflict',
      `Lease ${lockId} is no longer held: it was released or reclaimed. Acquire a new lease`,
      { body: { lock_id: lockId, lease_state: 'ended' } },
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
      'conflict',
      `Lease ${lockId} expired at ${found.lease.expires_at}; it can no longer be renewed. Acquire a new lease`,
      { body: { lock_id: lockId, lease_state: 'expired', expires_at: found.lease.expires_at } },
    );
  }
  return { lease: found.lease, index: found.index };
}
