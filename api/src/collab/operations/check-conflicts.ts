import { AppError } from '../../errors/app-error.ts';
import { normaliseResource } from '../domain/resource-glob.ts';
import { liveOverlaps, type LeaseOverlap } from '../domain/task-dispatch.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

/**
 * Which live leases overlap these paths or globs, right now: the authoritative answer an agent
 * asks before it touches files (a stale lease overlaps nothing; the next acquire reclaims it).
 */
export function checkConflicts(options: { store: CollabStore; resources: readonly string[] }): {
  clear: boolean;
  conflicts: LeaseOverlap[];
  checked_at: string;
} {
  const now = options.store.clock();
  const resources = normaliseResources(options.resources, 'resource');
  const conflicts = liveOverlaps(resources, options.store.locks.doc.leases, now);
  return { clear: conflicts.length === 0, conflicts, checked_at: now.toISOString() };
}

/** Each resource normalised, duplicates dropped; a path the lease syntax refuses is a 400. */
export function normaliseResources(resources: readonly string[], field: string): string[] {
  const normalised = resources.map((raw, index) => {
    const result = normaliseResource(raw);
    if (!result.ok) {
      throw new AppError('invalid', `${raw}: ${result.reason}`, {
        errors: [{ path: `${field}.${index}`, message: result.reason }],
      });
    }
    return result.resource;
  });
  return [...new Set(normalised)];
}
