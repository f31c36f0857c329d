import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
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
import type { AuditLog } from '../../audit/audit-log.ts';
import { AppError } from '../../errors/app-error.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import {
  actorOf,
  fencingTokenHeader,
  ifMatchHeader,
  ifNoneMatchHeader,
  parseIdParam,
  parseJsonBody,
} from '../http/request-input.ts';
import { createTask } from '../operations/create-task.ts';
import { patchTask } from '../operations/patch-task.ts';
import { readTask } from '../operations/read-task.ts';
import { transitionTask } from '../operations/transition-task.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import {
  conditionalGetHeaders,
  ifMatchRequired,
  jsonContent,
  notModified,
  problemResponse,
  writeHeaders,
} from './openapi-parts.ts';

/** Fields owned by the server or by the state machine, never by a merge patch. */
const NOT_PATCHABLE: Record<string, string> = {
  id: 'a task id never changes',
  status:
    'status changes only through POST /collab/tasks/{id}/transition, which checks the state machine',
  version: 'version is maintained by the server',
  created_at: 'created_at is maintained by the server',
  updated_at: 'updated_at is maintained by the server',
};

export function taskRoutes(store: CollabStore, audit: AuditLog): Router {
  const router = Router();
  const taskId = (req: Request) => parseIdParam(TaskId, req.params.id, 'Task');

  router.post('/collab/tasks', async (req, res) => {
    const request = parseJsonBody(CreateTaskRequest, req);
    const created = await createTask({
      store,
      request,
      ifNoneMatch: ifNoneMatchHeader(req),
      actor: actorOf(req),
    });
    res
      .status(201)
      .set('ETag', created.etag)
      .location(`/collab/tasks/${created.id}`)
      .json(CreateTaskResponse.parse(created));
  });

  router.get('/collab/tasks/:id', (req, res) => {
    const found = readTask(store, taskId(req));
    sendWithEtag(req, res, found.etag, found);
  });

  router.patch('/collab/tasks/:id', async (req, res) => {
    const id = taskId(req);
    refuseUnpatchable(req.body);
    const patched = await patchTask({
      store,
      id,
      patch: parseJsonBody(TaskMergePatch, req),
      ifMatch: ifMatchHeader(req),
      fencingToken: fencingTokenHeader(req),
      actor: actorOf(req),
    });
    res.set('ETag', patched.etag).json(patched);
  });

  router.post('/collab/tasks/:id/transition', async (req, res) => {
    const id = taskId(req);
    const request = parseJsonBody(TransitionTaskRequest, req);
    const identity = actingIdentityOf(req, {
      named: request.actor,
      actingFor: request.acting_for,
      workflowId: taskWorkflowId(id),
    });
    const moved = await transitionTask({
      store,
      id,
      request,
      identity,
      ifMatch: ifMatchHeader(req),
      fencingToken: fencingTokenHeader(req),
    });
    await auditActingFor(audit, req, identity, {
      action: 'task.transitioned',
      targetType: 'task',
      targetId: id,
    });
    res.set('ETag', moved.etag).json(moved);
  });
  return router;
}

function refuseUnpatchable(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const refused = Object.keys(body).filter((key) => key in NOT_PATCHABLE);
  if (refused.length === 0) return;
  throw new AppError('invalid', refused.map((key) => NOT_PATCHABLE[key]).join('; '), {
    errors: refused.map((key) => ({ path: key, message: NOT_PATCHABLE[key] ?? 'not patchable' })),
  });
}

export function registerTaskOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({ id: TaskId });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks',
    tags: ['Collaboration'],
    summary: 'Create a task (queued); an explicit id needs If-None-Match: *',
    request: {
      headers: z.object({
        'if-none-match': z.literal('*').optional().meta({ description: 'Create only if absent.' }),
      }),
      body: { required: true, ...jsonContent(CreateTaskRequest) },
    },
    responses: {
      201: {
        description: 'Created; ETag and Location headers name it',
        ...jsonContent(CreateTaskResponse),
      },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/tasks/{id}',
    tags: ['Collaboration'],
    summary: 'One task with its own ETag',
    request: { params, headers: conditionalGetHeaders },
    responses: {
      200: { description: 'The task', ...jsonContent(TaskResponse) },
      ...notModified,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/collab/tasks/{id}',
    tags: ['Collaboration'],
    summary: 'JSON merge patch (RFC 7396) of one task under its ETag',
    description:
      'Needs If-Match with the task ETag: missing → 428, stale → 412 whose body carries `current` and `etag`. Status changes go through /transition.',
    request: {
      params,
      headers: writeHeaders.extend(ifMatchRequired.shape),
      body: {
        required: true,
        content: {
          'application/merge-patch+json': { schema: TaskMergePatch },
          'application/json': { schema: TaskMergePatch },
        },
      },
    },
    responses: {
      200: { description: 'Saved; the new ETag', ...jsonContent(PatchTaskResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/tasks/{id}/transition',
    tags: ['Collaboration'],
    summary: 'Move a task along the state machine',
    description:
      'queued → claimed → in_progress → review → approved → merging → done, with review|approved|merging → in_progress and any open state → queued. Claiming needs finished dependencies; merging and done need every DoD item checked. A refused move is 409 naming the allowed moves, the unmet dependencies or the unchecked items. If-Match is optional.',
    request: {
      params,
      headers: writeHeaders,
      body: { required: true, ...jsonContent(TransitionTaskRequest) },
    },
    responses: {
      200: { description: 'Moved', ...jsonContent(TransitionTaskResponse) },
      ...problemResponse,
    },
  });
}
