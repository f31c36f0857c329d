import {
  ClaimTaskRequest,
  ClaimTaskResponse,
  ConflictsQuery,
  ConflictsResponse,
  NextTaskQuery,
  NextTaskResponse,
} from '@kyros/contracts/schemas/collab-dispatch';
import { LeaseConflictDetails } from '@kyros/contracts/schemas/collab-leases';
import { TaskId } from '@kyros/contracts/schemas/collab-tasks';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { z } from 'zod';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import { actingIdentityOf } from '../http/acting-identity.ts';
import { checkConflicts } from '../operations/check-conflicts.ts';
import { claimTask } from '../operations/claim-task.ts';
import { nextTask } from '../operations/next-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

/**
 * Conflict-aware dispatch: the next free task, claiming it with its leases in one call, and the
 * authoritative overlap check. Mounted before the task routes, so `/collab/tasks/next` is never
 * read as a task id.
 */
export function dispatchRoutes(store: CollabStore): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/collab/tasks/next',
      role: 'viewer',
      tags: ['Collaboration'],
      summary: 'The highest-priority ready task whose resources overlap no live lease',
      description:
        'Ready: queued with every dependency done. Ordered by priority (critical first), then age. `task` is null when nothing is ready and free; `ready_but_blocked` lists the ready tasks passed over and the leases blocking them.',
      query: NextTaskQuery,
      responses: { 200: { description: 'The pick', ...jsonContent(NextTaskResponse) } },
      handle({ query }, { res }) {
        res.json(nextTask({ store, labels: query.labels }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/claim',
      role: 'agent',
      tags: ['Collaboration'],
      summary: "Lease the task's resources and move it to claimed, in one call",
      description:
        "One lease per resource (the task's declared `resources`, or the body's), granted together or not at all, then queued → claimed fenced by them. Of two claimants racing for overlapping resources exactly one wins; the other gets 409 naming the blocking lease, its holder and expiry. A refused move (not queued, unfinished dependencies) is the transition's 409 and leases nothing.",
      params: { id: pathId(TaskId, 'Task') },
      body: { schema: ClaimTaskRequest, required: false },
      responses: {
        200: { description: 'Claimed, with its leases', ...jsonContent(ClaimTaskResponse) },
        409: {
          description:
            'A live lease overlaps (problem+json with holder, expires_at, lock_id, resource, requested_resource, task_id), the state machine refuses the move, or neither the task nor the body names resources',
          content: {
            'application/problem+json': { schema: z.union([LeaseConflictDetails, ProblemSchema]) },
          },
        },
      },
      async handle({ params, body }, { req, res }) {
        const identity = actingIdentityOf(req, {
          named: body.actor,
          workflowId: taskWorkflowId(params.id),
        });
        const claimed = await claimTask({ store, id: params.id, request: body, identity });
        res.set('ETag', claimed.etag).json(claimed);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/leases/conflicts',
      role: 'viewer',
      tags: ['Leases'],
      summary: 'Which live leases overlap these paths or globs (repeat `resource`)',
      query: ConflictsQuery,
      responses: {
        200: { description: 'The overlaps, if any', ...jsonContent(ConflictsResponse) },
      },
      handle({ query }, { res }) {
        res.json(checkConflicts({ store, resources: query.resource }));
      },
    }),
  ];
}
