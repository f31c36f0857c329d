import {
  AcquireLeaseRequest,
  HeartbeatLeaseRequest,
  LeaseConflictDetails,
  LeaseGrantResponse,
  LeaseId,
  ReclaimLeasesRequest,
  ReclaimLeasesResponse,
  ReleaseLeaseRequest,
  ReleaseLeaseResponse,
} from '@kyros/contracts/schemas/collab-leases';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import type { Request } from 'express';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { ActingIdentity } from '../../auth/acting-identity.ts';
import { defineRoute, jsonContent, linksTo, pathId, type Route } from '../../http/route.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { acquireLease } from '../operations/acquire-lease.ts';
import { heartbeatLease } from '../operations/heartbeat-lease.ts';
import { reclaimStaleLeases } from '../operations/reclaim-stale-leases.ts';
import { releaseLease } from '../operations/release-lease.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

const TAGS = ['Leases'];
const params = { lockId: pathId(LeaseId, 'Lease') };
const conflict = {
  description:
    'Another live lease overlaps: problem+json with holder, expires_at, lock_id, resource',
  content: { 'application/problem+json': { schema: LeaseConflictDetails } },
};

export function leaseRoutes(store: CollabStore, audit: AuditLog): Route[] {
  const audited = (req: Request, identity: ActingIdentity, action: string, id: string) =>
    auditActingFor(audit, req, identity, { action, targetType: 'lease', targetId: id });
  return [
    defineRoute({
      method: 'post',
      path: '/collab/leases/acquire',
      role: 'agent',
      tags: TAGS,
      summary: 'Lease a path or glob; overlapping live leases conflict',
      description:
        'Each grant takes the next fencing token of the store. Overlapping stale leases are reclaimed in the same write. With task_id, task writes presenting X-Fencing-Token must carry at least this token.',
      body: { schema: AcquireLeaseRequest },
      responses: {
        201: {
          description: 'Granted',
          ...jsonContent(LeaseGrantResponse),
          ...linksTo(
            (['heartbeat', 'release'] as const).map((verb) => [
              'post',
              `/collab/leases/{lockId}/${verb}`,
              { lockId: '$response.body#/lock_id' },
            ]),
          ),
        },
        409: conflict,
      },
      async handle({ body }, { req, res }) {
        const identity = actingIdentityOf(req, {
          named: body.holder,
          actingFor: body.acting_for,
          workflowId: body.task_id === undefined ? undefined : taskWorkflowId(body.task_id),
        });
        const grant = await acquireLease({ store, request: body, identity });
        await audited(req, identity, 'lease.acquired', grant.lock_id);
        res.status(201).json(grant);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/leases/reclaim',
      role: 'agent',
      tags: TAGS,
      summary:
        'Reclaim every stale lease (now > heartbeat_at + ttl), one lease_reclaimed event each',
      body: { schema: ReclaimLeasesRequest, required: false },
      responses: {
        200: { description: 'The leases reclaimed', ...jsonContent(ReclaimLeasesResponse) },
      },
      async handle({ body }, { req, res }) {
        const identity = actingIdentityOf(req, { named: body.actor });
        res.json(await reclaimStaleLeases({ store, actor: identity.actor }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/leases/{lockId}/heartbeat',
      role: 'agent',
      tags: TAGS,
      summary: 'Renew a live lease (holder only)',
      description:
        '403 for a non-holder, 404 for an id never granted, 410 Gone for a lease that expired or already ended, with `reason` (`expired`, `released_or_reclaimed`): stop and acquire a new one. The holder also gets a `lease_lost` event when its lease is reclaimed or released by an admin.',
      params,
      body: { schema: HeartbeatLeaseRequest },
      responses: { 200: { description: 'Renewed', ...jsonContent(LeaseGrantResponse) } },
      async handle({ params: { lockId }, body }, { req, res }) {
        const identity = actingIdentityOf(req, { named: body.holder, actingFor: body.acting_for });
        const grant = await heartbeatLease({ store, lockId, request: body, identity });
        await audited(req, identity, 'lease.renewed', lockId);
        res.json(grant);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/leases/{lockId}/release',
      role: 'agent',
      tags: TAGS,
      summary: 'Release a lease (holder only)',
      params,
      body: { schema: ReleaseLeaseRequest },
      responses: { 200: { description: 'Released', ...jsonContent(ReleaseLeaseResponse) } },
      async handle({ params: { lockId }, body }, { req, res }) {
        const { holder, acting_for, details } = body;
        const identity = actingIdentityOf(req, { named: holder, actingFor: acting_for });
        const released = await releaseLease({ store, lockId, identity, details });
        await audited(req, identity, 'lease.released', lockId);
        res.json(released);
      },
    }),
  ];
}
