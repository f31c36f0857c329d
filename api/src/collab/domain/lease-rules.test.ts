import { describe, expect, it } from 'vitest';
import type { Lease, LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import {
  decideFencing,
  fencingTokenOf,
  isLeaseStale,
  leaseExpiry,
  leaseIdFor,
  lookupLease,
  overlappingLeases,
} from './lease-rules.ts';

const t0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

function lease(token: number, resource: string, ttl = 30, heartbeatAt = at(0)): Lease {
  return {
    lock_id: leaseIdFor(token),
    resource,
    holder: `agent-${token}`,
    acquired_at: at(0).toISOString(),
    ttl_seconds: ttl,
    heartbeat_at: heartbeatAt.toISOString(),
    expires_at: leaseExpiry(heartbeatAt.toISOString(), ttl).toISOString(),
    fencing_token: token,
  };
}

function locks(leases: Lease[], fencing_token: number, task_fences = {}): LocksDocument {
  return { version: 1, fencing_token, leases, task_fences };
}

describe('isLeaseStale', () => {
  it('is held up to and including heartbeat_at + ttl, stale strictly after', () => {
    const held = lease(1, 'docs/**', 30);
    expect(isLeaseStale(held, at(29))).toBe(false);
    expect(isLeaseStale(held, at(30))).toBe(false);
    expect(isLeaseStale(held, new Date(t0 + 30_001))).toBe(true);
  });

  it('counts from the last heartbeat, not the grant', () => {
    expect(isLeaseStale(lease(1, 'a', 30, at(20)), at(45))).toBe(false);
  });
});

describe('lease ids', () => {
  it('derive from the fencing token and back', () => {
    expect(leaseIdFor(42)).toBe('lease-42');
    expect(fencingTokenOf('lease-42')).toBe(42);
    expect(fencingTokenOf('lease-0')).toBeUndefined();
    expect(fencingTokenOf('lease-../x')).toBeUndefined();
  });
});

describe('lookupLease', () => {
  const doc = locks([lease(3, 'docs/**', 30), lease(5, 'src/a.ts', 10)], 6);

  it('finds held and expired leases', () => {
    expect(lookupLease(doc, 'lease-3', at(20))).toMatchObject({ state: 'held', index: 0 });
    expect(lookupLease(doc, 'lease-5', at(20))).toMatchObject({ state: 'expired', index: 1 });
  });

  it('tells an ended lease (granted, then released or reclaimed) from one never issued', () => {
    expect(lookupLease(doc, 'lease-4', at(0))).toEqual({ state: 'ended' });
    expect(lookupLease(doc, 'lease-7', at(0))).toEqual({ state: 'unknown' });
    expect(lookupLease(doc, 'nonsense', at(0))).toEqual({ state: 'unknown' });
  });
});

describe('overlappingLeases', () => {
  it('separates live blockers from stale overlapping leases and ignores disjoint ones', () => {
    const live = lease(1, 'docs/**', 60);
    const stale = lease(2, 'docs/a.md', 5);
    const elsewhere = lease(3, 'src/**', 60);
    expect(overlappingLeases([live, stale, elsewhere], 'docs/a.md', at(10))).toEqual({
      blocking: [live],
      stale: [stale],
    });
  });
});

describe('decideFencing', () => {
  const doc = locks([], 9, { 'T-1': 7 });

  it('accepts the highest token granted for the task, or a higher one', () => {
    expect(decideFencing(doc, 'T-1', 7)).toEqual({ ok: true });
    expect(decideFencing(doc, 'T-1', 8)).toEqual({ ok: true });
  });

  it('refuses a superseded token and names the highest', () => {
    expect(decideFencing(doc, 'T-1', 6)).toEqual({ ok: false, reason: 'superseded', highest: 7 });
  });

  it('refuses a token for a task no lease ever covered', () => {
    expect(decideFencing(doc, 'T-2', 9)).toEqual({ ok: false, reason: 'no_lease' });
  });
});
