import {
  CreateTaskRequest,
  CreateTaskResponse,
  PatchTaskResponse,
  TaskId,
  TaskMergePatch,
  TaskResponse,
  TransitionTaskRequest,
  TransitionTaskResponse,
} from '@kyros/contracts/schemas/collab-tasks';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.ts';
import {
  defineRoute,
  jsonContent,
  linksTo,
  notModified,
  pathId,
  type Route,
} from '../../http/route.ts';
import { actingIdentityOf, actorOf, auditActingFor } from '../http/acting-identity.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import { ConditionalGetHeaders, FencedWriteHeaders, IF_MATCH_READ } from '../http/write-headers.ts';
import { createTask } from '../operations/create-task.ts';
import { patchTask } from '../operations/patch-task.ts';
import { readTask } from '../operations/read-task.ts';
import { transitionTask } from '../operations/transition-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

/** Fields owned by the server or by the state machine, never by a merge patch. */
const NOT_PATCHABLE: Record<string, string> = {
  id: 'a task id never changes',
  status:
    'status changes only through POST /collab/tasks/{id}/transition, which checks the state machine',
  version: 'version is maintained by the server',
  created_at: 'created_at is maintained by the server',
  updated_at: 'updated_at is maintained by the server',
};

const TAGS = ['Collaboration'];
const params = { id: pathId(TaskId, 'Task') };
const mergePatchTypes = ['application/merge-patch+json', 'application/json'] as const;

export function taskRoutes(store: CollabStore, audit: AuditLog): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/collab/tasks',
      role: 'agent',
      tags: TAGS,
      summary: 'Create a task (queued); an explicit id needs If-None-Match: *',
      headers: z.object({
        'if-none-match': z
          .literal('*', { error: 'If-None-Match on create must be * (create only if absent)' })
          .optional()
          .meta({ description: 'Create only if absent.' }),
      }),
      body: { schema: CreateTaskRequest },
      responses: {
        201: {
          description: 'Created; ETag and Location headers name it',
          ...jsonContent(CreateTaskResponse),
          ...linksTo(
            (
              [
                ['get', ''],
                ['patch', ''],
                ['post', '/transition'],
                ['post', '/claim'],
                ['post', '/run'],
                ['get', '/run'],
                ['post', '/cancel'],
              ] as const
            ).map(([method, tail]) => [
              method,
              `/collab/tasks/{id}${tail}`,
              { id: '$response.body#/id' },
            ]),
          ),
        },
      },
      async handle({ headers, body }, { req, res }) {
        const created = await createTask({
          store,
          request: body,
          ifNoneMatch: headers['if-none-match'],
          actor: actorOf(req),
        });
        res
          .status(201)
          .set('ETag', created.etag)
          .location(`/collab/tasks/${created.id}`)
          .json(CreateTaskResponse.parse(created));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/tasks/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'One task with its own ETag',
      params,
      headers: ConditionalGetHeaders,
      responses: {
        200: { description: 'The task', ...jsonContent(TaskResponse) },
        ...notModified,
      },
      handle({ params }, { req, res }) {
        const found = readTask(store, params.id);
        sendWithEtag(req, res, found.etag, found);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/collab/tasks/{id}',
      role: 'agent',
      tags: TAGS,
      summary: 'JSON merge patch (RFC 7396) of one task under its ETag',
      description:
        'Needs If-Match with the task ETag: missing → 428, stale → 412 whose body carries `current` and `etag`. Status changes go through /transition.',
      params,
      ifMatch: { required: true, description: IF_MATCH_READ },
      headers: FencedWriteHeaders,
      body: {
        schema: TaskMergePatch,
        mediaTypes: mergePatchTypes,
        refusedMembers: NOT_PATCHABLE,
      },
      responses: {
        200: { description: 'Saved; the new ETag', ...jsonContent(PatchTaskResponse) },
      },
      async handle({ params, headers, body, ifMatch }, { req, res }) {
        const patched = await patchTask({
          store,
          id: params.id,
          patch: body,
          ifMatch,
          fencingToken: headers['x-fencing-token'],
          actor: actorOf(req),
        });
        res.set('ETag', patched.etag).json(patched);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/transition',
      role: 'agent',
      tags: TAGS,
      summary: 'Move a task along the state machine',
      description:
        "queued → claimed → in_progress → review → approved → merging → done, with review|approved|merging → in_progress and any open state → queued. Claiming needs finished dependencies; merging and done need every DoD item checked. A refused move is 409 naming the allowed moves, the unmet dependencies or the unchecked items (with `then`, neither move is made). `then` makes a second move in the same write; `release_lease` releases the actor's lease once the moves are written. If-Match is optional.",
      params,
      ifMatch: { required: false },
      headers: FencedWriteHeaders,
      body: { schema: TransitionTaskRequest },
      responses: { 200: { description: 'Moved', ...jsonContent(TransitionTaskResponse) } },
      async handle({ params: { id }, headers, body, ifMatch }, { req, res }) {
        const identity = actingIdentityOf(req, {
          named: body.actor,
          actingFor: body.acting_for,
          workflowId: taskWorkflowId(id),
        });
        const moved = await transitionTask({
          store,
          id,
          request: body,
          identity,
          ifMatch,
          fencingToken: headers['x-fencing-token'],
        });
        // The audit rows the separate calls would have written: one per move, one per release.
        const moves = body.then ? 2 : 1;
        for (let move = 0; move < moves; move += 1) {
          await auditActingFor(audit, req, identity, {
            action: 'task.transitioned',
            targetType: 'task',
            targetId: id,
          });
        }
        if (body.release_lease && moved.lease_released) {
          await auditActingFor(audit, req, identity, {
            action: 'lease.released',
            targetType: 'lease',
            targetId: body.release_lease.lock_id,
          });
        }
        res.set('ETag', moved.etag).json(moved);
      },
    }),
  ];
}
