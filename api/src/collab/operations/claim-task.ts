import type { ClaimTaskRequest, ClaimTaskResponse } from '@kyros/contracts/schemas/collab-dispatch';
import type { z } from 'zod';
import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import type { ActingIdentity } from '../../auth/acting-identity.ts';
import { AppError } from '../../errors/app-error.ts';
import { leaseExpiry, leaseIdFor, overlappingLeases } from '../domain/lease-rules.ts';
import { decideTransition } from '../domain/task-state-machine.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { taskList } from '../store/tasks-document.ts';
import { normaliseResources } from './check-conflicts.ts';
import { reclaimedEvents } from './reclaim-stale-leases.ts';
import { releaseLease } from './release-lease.ts';
import { transitionRefusal, transitionTask } from './transition-task.ts';
import { findOrNotFound } from './write-guards.ts';

/**
 * Takes a task in one call: a lease on each of its resources (granted together in one write of
 * the locks document, or not at all), then `queued → claimed` fenced by those leases. Two agents
 * racing for overlapping work meet in that one write: exactly one wins, the other gets a 409
 * naming the lease that blocks it, its holder and expiry. If the transition still fails (the task
 * moved through another route meanwhile), the leases just granted are released again. The claim
 * may carry its own event (with the fencing lease's `lock_id` and `resource` added) and a `then`
 * move, as a transition does: a task run leases, claims and starts in one call.
 */
export async function claimTask(options: {
  store: CollabStore;
  id: string;
  request: z.output<typeof ClaimTaskRequest>;
  /** The claimant, from the credential (docs/adr/0008). */
  identity: ActingIdentity;
}): Promise<ClaimTaskResponse> {
  const { store, id, request, identity } = options;
  const tasks = taskList(store.tasks.doc);
  const task = findOrNotFound(tasks, id, 'Task').item;
  const lookup = (other: string) => tasks.find(other);
  const decision = decideTransition(task, 'claimed', lookup);
  if (!decision.allowed) throw transitionRefusal(task, 'claimed', decision);
  const declared = request.resources ?? task.resources;
  if (!declared || declared.length === 0) {
    // The task's state (it declares none), not the request's shape: a 409 the caller resolves by
    // naming them here or patching the task.
    throw new AppError(
      'conflict',
      `Task ${id} declares no resources: name the paths or globs you will change in \`resources\``,
      { errors: [{ path: 'resources', message: 'required when the task declares none' }] },
    );
  }
  const resources = normaliseResources(declared, 'resources');
  const leases = await grantTogether(store, id, resources, request.ttl_seconds, identity);
  const fencing = leases.reduce((a, b) => (b.fencing_token > a.fencing_token ? b : a));
  const fencingToken = fencing.fencing_token;
  const { event, then } = request;
  try {
    const moved = await transitionTask({
      store,
      id,
      request: {
        to: 'claimed',
        reason: 'claimed with its leases',
        ...(event === undefined
          ? {}
          : {
              event: {
                event: event.event,
                details: { ...event.details, lock_id: fencing.lock_id, resource: fencing.resource },
              },
            }),
        ...(then === undefined ? {} : { then }),
      },
      identity,
      ifMatch: undefined,
      fencingToken,
    });
    return {
      task_id: id,
      ...moved,
      leases: leases.map((lease) => ({
        lock_id: lease.lock_id,
        fencing_token: lease.fencing_token,
        expires_at: lease.expires_at,
        lease,
      })),
      fencing_token: fencingToken,
    };
  } catch (error) {
    await Promise.allSettled(
      leases.map((lease) =>
        releaseLease({
          store,
          lockId: lease.lock_id,
          identity,
          details: { reason: `claim of ${id} failed` },
        }),
      ),
    );
    throw error;
  }
}

/** One write: every resource free (stale overlaps reclaimed) → one lease each; else a 409. */
function grantTogether(
  store: CollabStore,
  taskId: string,
  resources: readonly string[],
  ttlSeconds: number,
  identity: ActingIdentity,
): Promise<Lease[]> {
  return store.locks.update((doc) => {
    const now = store.clock();
    const stale = new Map<string, Lease>();
    for (const resource of resources) {
      const overlaps = overlappingLeases(doc.leases, resource, now);
      const blocker = overlaps.blocking[0];
      if (blocker) throw blockedClaim(taskId, resource, blocker);
      for (const old of overlaps.stale) stale.set(old.lock_id, old);
    }
    const heartbeatAt = now.toISOString();
    const granted = resources.map((resource, index): Lease => ({
      lock_id: leaseIdFor(doc.fencing_token + index + 1),
      resource,
      holder: identity.actor,
      acquired_at: heartbeatAt,
      ttl_seconds: ttlSeconds,
      heartbeat_at: heartbeatAt,
      expires_at: leaseExpiry(heartbeatAt, ttlSeconds).toISOString(),
      fencing_token: doc.fencing_token + index + 1,
      task_id: taskId,
    }));
    const highest = doc.fencing_token + granted.length;
    const events: NewEvent[] = [...stale.values()].flatMap((old) =>
      reclaimedEvents(old, identity.actor, now),
    );
    for (const lease of granted) {
      events.push({
        event: 'lease_granted',
        actor: identity.actor,
        target: lease.lock_id,
        details: { ...lease, agent: lease.holder, claim: true },
      });
    }
    return {
      next: {
        ...doc,
        fencing_token: highest,
        leases: [...doc.leases.filter((old) => !stale.has(old.lock_id)), ...granted],
        task_fences: { ...doc.task_fences, [taskId]: highest },
      },
      result: granted,
      events,
    };
  });
}

function blockedClaim(taskId: string, resource: string, blocker: Lease): AppError {
  return new AppError(
    'conflict',
    `Cannot claim ${taskId}: ${resource} overlaps ${blocker.resource}, leased by ${blocker.holder} until ${blocker.expires_at}`,
    {
      body: {
        task_id: taskId,
        requested_resource: resource,
        holder: blocker.holder,
        expires_at: blocker.expires_at,
        lock_id: blocker.lock_id,
        resource: blocker.resource,
      },
    },
  );
}
