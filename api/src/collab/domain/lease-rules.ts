import type { Lease, LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import { resourcesOverlap } from './resource-glob.ts';

/** A lease is stale once now > heartbeat_at + ttl (the instant itself still counts as held). */
export function isLeaseStale(lease: Lease, now: Date): boolean {
  return now.getTime() > leaseExpiry(lease.heartbeat_at, lease.ttl_seconds).getTime();
}

export function leaseExpiry(heartbeatAt: string, ttlSeconds: number): Date {
  return new Date(Date.parse(heartbeatAt) + ttlSeconds * 1000);
}

/** One grant, one token, one id: the id is derived from the token so it is never reused. */
export function leaseIdFor(fencingToken: number): string {
  return `lease-${fencingToken}`;
}

export function fencingTokenOf(leaseId: string): number | undefined {
  const match = /^lease-([1-9][0-9]{0,15})$/.exec(leaseId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export type LeaseLookup =
  | { state: 'held'; lease: Lease; index: number }
  | { state: 'expired'; lease: Lease; index: number }
  | { state: 'ended' }
  | { state: 'unknown' };

/**
 * Finds a lease by id. A well-formed id whose token was granted but is no longer in the table was
 * released or reclaimed ("ended"), which deserves a different answer than an id never issued.
 */
export function lookupLease(doc: LocksDocument, leaseId: string, now: Date): LeaseLookup {
  const index = doc.leases.findIndex((lease) => lease.lock_id === leaseId);
  const lease = doc.leases[index];
  if (lease) return { state: isLeaseStale(lease, now) ? 'expired' : 'held', lease, index };
  const token = fencingTokenOf(leaseId);
  return token !== undefined && token <= doc.fencing_token
    ? { state: 'ended' }
    : { state: 'unknown' };
}

/** Splits the leases overlapping `resource` into live blockers and stale ones that can go. */
export function overlappingLeases(
  leases: readonly Lease[],
  resource: string,
  now: Date,
): { blocking: Lease[]; stale: Lease[] } {
  const overlapping = leases.filter((lease) => resourcesOverlap(lease.resource, resource));
  return {
    blocking: overlapping.filter((lease) => !isLeaseStale(lease, now)),
    stale: overlapping.filter((lease) => isLeaseStale(lease, now)),
  };
}

export type FencingDecision =
  | { ok: true }
  | { ok: false; reason: 'superseded'; highest: number }
  | { ok: false; reason: 'no_lease' };

/**
 * The fencing check for a task write that presents a token: the token must be at least the
 * highest ever granted to a lease carrying that task's id, so a holder that paused past its
 * lease cannot overwrite its successor's work. A token for a task no lease ever covered proves
 * nothing and is refused too.
 */
export function decideFencing(doc: LocksDocument, taskId: string, token: number): FencingDecision {
  const highest = doc.task_fences[taskId];
  if (highest === undefined) return { ok: false, reason: 'no_lease' };
  return token >= highest ? { ok: true } : { ok: false, reason: 'superseded', highest };
}
