import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { isLeaseStale } from './lease-rules.ts';
import { resourcesOverlap } from './resource-glob.ts';
import { unmetDependencies } from './task-state-machine.ts';

const PRIORITY_RANK: Readonly<Record<Task['priority'], number>> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** A live lease that overlaps one of the resources asked about. */
export interface LeaseOverlap {
  resource: string;
  lease: Lease;
}

/** Every live lease overlapping each resource, in resource order (stale leases never block). */
export function liveOverlaps(
  resources: readonly string[],
  leases: readonly Lease[],
  now: Date,
): LeaseOverlap[] {
  const live = leases.filter((lease) => !isLeaseStale(lease, now));
  return resources.flatMap((resource) =>
    live
      .filter((lease) => resourcesOverlap(lease.resource, resource))
      .map((lease) => ({ resource, lease })),
  );
}

export interface DispatchPick {
  task: Task | undefined;
  /** Ready tasks passed over because a live lease overlaps what they declare. */
  blocked: { task: Task; overlaps: LeaseOverlap[] }[];
}

/**
 * The next task an agent should take: queued, every dependency done, carrying the wanted labels,
 * and none of its declared resources overlapping a live lease. Highest priority first, then the
 * oldest. A task that declares no resources overlaps nothing.
 */
export function pickNextTask(
  tasks: readonly Task[],
  leases: readonly Lease[],
  now: Date,
  filter: { labels?: readonly string[] } = {},
): DispatchPick {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const lookup = (id: string) => byId.get(id);
  const ready = tasks
    .filter((task) => task.status === 'queued')
    .filter((task) => (filter.labels ?? []).every((label) => task.labels.includes(label)))
    .filter((task) => unmetDependencies(task, lookup).length === 0)
    .sort(dispatchOrder);
  const blocked: DispatchPick['blocked'] = [];
  for (const task of ready) {
    const overlaps = liveOverlaps(task.resources ?? [], leases, now);
    if (overlaps.length === 0) return { task, blocked };
    blocked.push({ task, overlaps });
  }
  return { task: undefined, blocked };
}

function dispatchOrder(a: Task, b: Task): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    a.created_at.localeCompare(b.created_at) ||
    Number(a.id.slice(2)) - Number(b.id.slice(2))
  );
}
