import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import {
  ClaimTaskRequest,
  ClaimTaskResponse,
  ConflictsQuery,
  ConflictsResponse,
  NextTaskQuery,
  NextTaskResponse,
} from '@kyros/contracts/collab-dispatch';
import { LeaseConflictDetails } from '@kyros/contracts/collab-leases';
import { TaskId } from '@kyros/contracts/collab-tasks';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { parseInput } from '../events/parse-input.ts';
import { actingIdentityOf } from '../http/acting-identity.ts';
import { parseIdParam, parseJsonBody } from '../http/request-input.ts';
import { checkConflicts } from '../operations/check-conflicts.ts';
import { claimTask } from '../operations/claim-task.ts';
import { nextTask } from '../operations/next-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { jsonContent, problemResponse } from './openapi-parts.ts';

/**
 * Conflict-aware dispatch: the next free task, claiming it with its leases in one call, and the
 * authoritative overlap check. Mounted before the task routes, so `/collab/tasks/next` is never
 * read as a task id.
 */
export function dispatchRoutes(store: CollabStore): Router {
  const router = Router();

  router.get('/collab/tasks/next', (req, res) => {
    const { labels } = parseInput(NextTaskQuery, { ...req.query }, 'query');
    res.json(nextTask({ store, labels }));
  });

  router.post('/collab/tasks/:id/claim', async (req, res) => {
    const id = parseIdParam(TaskId, req.params.id, 'Task');
    const request = parseJsonBody(ClaimTaskRequest, req);
    const identity = actingIdentityOf(req, { workflowId: taskWorkflowId(id) });
    const claimed = await claimTask({ store, id, request, identity });
    res.set('ETag', claimed.etag).json(claimed);
  });

  router.get('/collab/leases/conflicts', (req, res) => {
    const { resource } = parseInput(ConflictsQuery, { ...req.query }, 'query');
    res.json(checkConflicts({ store, resources: resource }));
  });
  return router;
}

export function registerDispatchOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/collab/tasks/next',
    tags: ['Collaboration'],
    summary: 'The highest-priority ready task whose resources overlap no live lease',
    description:
      'Ready: queued with every dependency done. Ordered by priority (critical first), then age. `task` is null when nothing is ready and free; `ready_but_blocked` lists the ready tasks passed over and the leases blocking them.',
    request: { query: NextTaskQuery },
    responses: {
      200: { description: 'The pick', ...jsonContent(NextTaskResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks/{id}/claim',
    tags: ['Collaboration'],
    summary: "Lease the task's resources and move it to claimed, in one call",
    description:
      "One lease per resource (the task's declared `resources`, or the body's), granted together or not at all, then queued → claimed fenced by them. Of two claimants racing for overlapping resources exactly one wins; the other gets 409 naming the blocking lease, its holder and expiry. A refused move (not queued, unfinished dependencies) is the transition's 409 and leases nothing.",
    request: {
      params: z.object({ id: TaskId }),
      body: { required: false, ...jsonContent(ClaimTaskRequest) },
    },
    responses: {
      200: { description: 'Claimed, with its leases', ...jsonContent(ClaimTaskResponse) },
      409: {
        description:
          'A live lease overlaps (problem+json with holder, expires_at, lock_id, resource, requested_resource, task_id), or the state machine refuses the move',
        content: { 'application/problem+json': { schema: LeaseConflictDetails } },
      },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/leases/conflicts',
    tags: ['Leases'],
    summary: 'Which live leases overlap these paths or globs (repeat `resource`)',
    request: { query: ConflictsQuery },
    responses: {
      200: { description: 'The overlaps, if any', ...jsonContent(ConflictsResponse) },
      ...problemResponse,
    },
  });
}
