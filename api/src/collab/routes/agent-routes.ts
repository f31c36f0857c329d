import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  AgentHeartbeatRequest,
  AgentId,
  AgentListResponse,
  AgentMergePatch,
  AgentResponse,
  PatchAgentResponse,
} from '@kyros/contracts/schemas/collab-agents';
import type { AuditLog } from '../../audit/audit-log.ts';
import { actingIdentityOf, auditActingFor } from '../http/acting-identity.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import { actorOf, ifMatchHeader, parseIdParam, parseJsonBody } from '../http/request-input.ts';
import { heartbeatAgent } from '../operations/heartbeat-agent.ts';
import { patchAgent } from '../operations/patch-agent.ts';
import { listAgents, readAgent } from '../operations/read-agents.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import {
  conditionalGetHeaders,
  ifMatchRequired,
  jsonContent,
  notModified,
  problemResponse,
} from './openapi-parts.ts';

export function agentRoutes(store: CollabStore, audit: AuditLog): Router {
  const router = Router();
  const agentId = (req: Request) => parseIdParam(AgentId, req.params.id, 'Agent');

  router.get('/collab/agents', (req, res) => {
    const list = listAgents(store);
    sendWithEtag(req, res, list.etag, list);
  });

  router.get('/collab/agents/:id', (req, res) => {
    const found = readAgent(store, agentId(req));
    sendWithEtag(req, res, found.etag, found);
  });

  router.patch('/collab/agents/:id', async (req, res) => {
    const id = agentId(req);
    const patched = await patchAgent({
      store,
      id,
      patch: parseJsonBody(AgentMergePatch, req),
      ifMatch: ifMatchHeader(req),
      actor: actorOf(req),
    });
    res.set('ETag', patched.etag).json(patched);
  });

  router.post('/collab/agents/:id/heartbeat', async (req, res) => {
    const id = agentId(req);
    const request = parseJsonBody(AgentHeartbeatRequest, req);
    // Only the agent itself reports that it is alive, or an admin for it (docs/adr/0008).
    const identity = actingIdentityOf(req, { named: id, actingFor: request.acting_for });
    const beat = await heartbeatAgent({ store, id, request, identity });
    await auditActingFor(audit, req, identity, {
      action: 'agent.heartbeat',
      targetType: 'agent',
      targetId: id,
    });
    res.set('ETag', beat.etag).json(beat);
  });
  return router;
}

export function registerAgentOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({ id: AgentId });
  registry.registerPath({
    method: 'get',
    path: '/collab/agents',
    tags: ['Agents'],
    summary: 'Every agent, each with its own ETag',
    request: { headers: conditionalGetHeaders },
    responses: {
      200: { description: 'The agents', ...jsonContent(AgentListResponse) },
      ...notModified,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/collab/agents/{id}',
    tags: ['Agents'],
    summary: 'One agent with its ETag',
    request: { params, headers: conditionalGetHeaders },
    responses: {
      200: { description: 'The agent', ...jsonContent(AgentResponse) },
      ...notModified,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/collab/agents/{id}',
    tags: ['Agents'],
    summary: 'JSON merge patch of one agent (availability, status, role, skills, name)',
    request: {
      params,
      headers: ifMatchRequired,
      body: {
        required: true,
        content: {
          'application/merge-patch+json': { schema: AgentMergePatch },
          'application/json': { schema: AgentMergePatch },
        },
      },
    },
    responses: {
      200: { description: 'Saved; the new ETag', ...jsonContent(PatchAgentResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/collab/agents/{id}/heartbeat',
    tags: ['Agents'],
    summary:
      'Record that the agent is alive (last_seen = now); an offline agent becomes idle. Only a key bound to that agent may (403 identity_mismatch otherwise).',
    request: { params, body: { required: false, ...jsonContent(AgentHeartbeatRequest) } },
    responses: {
      200: { description: 'The agent after the heartbeat', ...jsonContent(AgentResponse) },
      ...problemResponse,
    },
  });
}
