import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { AcquireLeaseRequest, Lease } from '@kyros/contracts/schemas/collab-leases';
import { AppError } from '../../errors/app-error.ts';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import { leaseExpiry, leaseIdFor, overlappingLeases } from '../domain/lease-rules.ts';
import { normaliseResource } from '../domain/resource-glob.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { taskList } from '../store/tasks-document.ts';
import { reclaimedEvents } from './reclaim-stale-leases.ts';

export interface LeaseGrant {
  lock_id: string;
  fencing_token: number;
  expires_at: string;
  lease: Lease;
}

/**
 * Grants a lease when no live lease overlaps the resource. Overlapping stale leases are reclaimed
 * in the same write. Every grant takes the next fencing token of the store; a lease with a
 * task_id also raises that task's fence, which task writes presenting X-Fencing-Token must meet.
 */
export async function acquireLease(options: {
  store: CollabStore;
  request: AcquireLeaseRequest;
  /** The holder, from the credential (docs/adr/0008). */
  identity: ActingIdentity;
}): Promise<LeaseGrant> {
  const { store, request, identity } = options;
  const holder = identity.actor;
  const normalised = normaliseResource(request.resource);
  if (!normalised.ok) {
    throw new AppError('invalid', normalised.reason, {
      errors: [{ path: 'resource', message: normalised.reason }],
    });
  }
  const resource = normalised.resource;
  const taskId = request.task_id;
  if (taskId !== undefined && taskList(store.tasks.doc).indexOf(taskId) < 0) {
    throw new AppError('not_found', `task_id ${taskId} names no task`, {
      errors: [{ path: 'task_id', message: `task ${taskId} does not exist` }],
    });
  }
  return store.locks.update((doc) => {
    const now = store.clock();
    const { blocking, stale } = overlappingLeases(doc.leases, resource, now);
    const blocker = blocking[0];
    if (blocker) {
      throw new AppError(
        'conflict',
        `${resource} overlaps ${blocker.resource}, leased by ${blocker.holder} until ${blocker.expires_at}`,
        {
          body: {
            holder: blocker.holder,
            expires_at: blocker.expires_at,
            lock_id: blocker.lock_id,
            resource: blocker.resource,
          },
        },
      );
    }
    const token = doc.fencing_token + 1;
    const heartbeatAt = now.toISOString();
    const lease: Lease = {
      lock_id: leaseIdFor(token),
      resource,
      holder,
      acquired_at: heartbeatAt,
      ttl_seconds: request.ttl_seconds,
      heartbeat_at: heartbeatAt,
      expires_at: leaseExpiry(heartbeatAt, request.ttl_seconds).toISOString(),
      fencing_token: token,
      ...(taskId === undefined ? {} : { task_id: taskId }),
    };
    const staleIds = new Set(stale.map((old) => old.lock_id));
    const events: NewEvent[] = stale.flatMap((old) => reclaimedEvents(old, holder, now));
    events.push({
      event: 'lease_granted',
      actor: holder,
      target: lease.lock_id,
      details: { ...lease, agent: lease.holder, ...actingForDetails(identity) },
    });
    return {
      next: {
        ...doc,
        fencing_token: token,
        leases: [...doc.leases.filter((old) => !staleIds.has(old.lock_id)), lease],
        task_fences:
          taskId === undefined ? doc.task_fences : { ...doc.task_fences, [taskId]: token },
      },
      result: { lock_id: lease.lock_id, fencing_token: token, expires_at: lease.expires_at, lease },
      events,
    };
  });
}
