import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
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
} from '@kyros/contracts/collab-leases';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { ActingIdentity } from '../../auth/acting-identity.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { parseIdParam, parseJsonBody } from '../http/request-input.ts';
import { acquireLease } from '../operations/acquire-lease.ts';
import { heartbeatLease } from '../operations/heartbeat-lease.ts';
import { reclaimStaleLeases } from '../operations/reclaim-stale-leases.ts';
import { releaseLease } from '../operations/release-lease.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { jsonContent, problemResponse } from './openapi-parts.ts';

export function leaseRoutes(store: CollabStore, audit: AuditLog): Router {
  const router = Router();
  const lockId = (req: Request) => parseIdParam(LeaseId, req.params.lockId, 'Lease');
  const audited = (req: Request, identity: ActingIdentity, action: string, id: string) =>
    auditActingFor(audit, req, identity, { action, targetType: 'lease', targetId: id });

  router.post('/collab/leases/acquire', async (req, res) => {
    const request = parseJsonBody(AcquireLeaseRequest, req);
    const identity = actingIdentityOf(req, {
      named: request.holder,
      actingFor: request.acting_for,
      workflowId: request.task_id === undefined ? undefined : taskWorkflowId(request.task_id),
    });
    const grant = await acquireLease({ store, request, identity });
    await audited(req, identity, 'lease.acquired', grant.lock_id);
    res.status(201).json(grant);
  });

  router.post('/collab/leases/reclaim', async (req, res) => {
    const { actor } = parseJsonBody(ReclaimLeasesRequest, req);
    const identity = actingIdentityOf(req, { named: actor });
    res.json(await reclaimStaleLeases({ store, actor: identity.actor }));
  });

  router.post('/collab/leases/:lockId/heartbeat', async (req, res) => {
    const id = lockId(req);
    const request = parseJsonBody(HeartbeatLeaseRequest, req);
    const identity = actingIdentityOf(req, {
      named: request.holder,
      actingFor: request.acting_for,
    });
    const grant = await heartbeatLease({ store, lockId: id, request, identity });
    await audited(req, identity, 'lease.renewed', id);
    res.json(grant);
  });

  router.post('/collab/leases/:lockId/release', async (req, res) => {
    const id = lockId(req);
    const { holder, acting_for, details } = parseJsonBody(ReleaseLeaseRequest, req);
    const identity = actingIdentityOf(req, { named: holder, actingFor: acting_for });
    const released = await releaseLease({ store, lockId: id, identity, details });
    await audited(req, identity, 'lease.released', id);
    res.json(released);
  });
  return router;
}

export function registerLeaseOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({ lockId: LeaseId });
  const conflict = {
    description:
      'Another live lease overlaps: problem+json with holder, expires_at, lock_id, resource',
    content: { 'application/problem+json': { schema: LeaseConflictDetails } },
  };
  registry.registerPath({
    method: 'post',
    path: '/collab/leases/acquire',
    tags: ['Leases'],
    summary: 'Lease a path or glob; overlapping live leases conflict',
    description:
      'Each grant takes the next fencing token of the store. Overlapping stale leases are reclaimed in the same write. With task_id, task writes presenting X-Fencing-Token must carry at least this token.',
    request: { body: { required: true, ...jsonContent(AcquireLeaseRequest) } },
    responses: {
      201: { description: 'Granted', ...jsonContent(LeaseGrantResponse) },
      409: conflict,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/leases/{lockId}/heartbeat',
    tags: ['Leases'],
    summary: 'Renew a live lease (holder only)',
    description:
      '403 for a non-holder, 404 for an id never granted, 410 Gone for a lease that expired or already ended, with `reason` (`expired`, `released_or_reclaimed`): stop and acquire a new one. The holder also gets a `lease_lost` event when its lease is reclaimed or released by an admin.',
    request: { params, body: { required: true, ...jsonContent(HeartbeatLeaseRequest) } },
    responses: {
      200: { description: 'Renewed', ...jsonContent(LeaseGrantResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/leases/{lockId}/release',
    tags: ['Leases'],
    summary: 'Release a lease (holder only)',
    request: { params, body: { required: true, ...jsonContent(ReleaseLeaseRequest) } },
    responses: {
      200: { description: 'Released', ...jsonContent(ReleaseLeaseResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/leases/reclaim',
    tags: ['Leases'],
    summary: 'Reclaim every stale lease (now > heartbeat_at + ttl), one lease_reclaimed event each',
    request: { body: { required: false, ...jsonContent(ReclaimLeasesRequest) } },
    responses: {
      200: { description: 'The leases reclaimed', ...jsonContent(ReclaimLeasesResponse) },
      ...problemResponse,
    },
  });
}
