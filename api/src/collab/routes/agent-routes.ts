import {
  AgentHeartbeatRequest,
  AgentId,
  AgentListResponse,
  AgentMergePatch,
  AgentResponse,
  PatchAgentResponse,
} from '@kyros/contracts/schemas/collab-agents';
import type { AuditLog } from '../../audit/audit-log.ts';
import { defineRoute, jsonContent, notModified, pathId, type Route } from '../../http/route.ts';
import { actingIdentityOf, actorOf, auditActingFor } from '../http/acting-identity.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import { ConditionalGetHeaders, IF_MATCH_READ } from '../http/write-headers.ts';
import { heartbeatAgent } from '../operations/heartbeat-agent.ts';
import { patchAgent } from '../operations/patch-agent.ts';
import { listAgents, readAgent } from '../operations/read-agents.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

const TAGS = ['Agents'];
const params = { id: pathId(AgentId, 'Agent') };

export function agentRoutes(store: CollabStore, audit: AuditLog): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/collab/agents',
      role: 'viewer',
      tags: TAGS,
      summary: 'Every agent, each with its own ETag',
      headers: ConditionalGetHeaders,
      responses: {
        200: { description: 'The agents', ...jsonContent(AgentListResponse) },
        ...notModified,
      },
      handle(_input, { req, res }) {
        const list = listAgents(store);
        sendWithEtag(req, res, list.etag, list);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/agents/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'One agent with its ETag',
      params,
      headers: ConditionalGetHeaders,
      responses: {
        200: { description: 'The agent', ...jsonContent(AgentResponse) },
        ...notModified,
      },
      handle({ params }, { req, res }) {
        const found = readAgent(store, params.id);
        sendWithEtag(req, res, found.etag, found);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/collab/agents/{id}',
      role: 'agent',
      tags: TAGS,
      summary: 'JSON merge patch of one agent (availability, status, role, skills, name)',
      params,
      ifMatch: { required: true, description: IF_MATCH_READ },
      body: {
        schema: AgentMergePatch,
        mediaTypes: ['application/merge-patch+json', 'application/json'],
      },
      responses: {
        200: { description: 'Saved; the new ETag', ...jsonContent(PatchAgentResponse) },
      },
      async handle({ params, body, ifMatch }, { req, res }) {
        const patched = await patchAgent({
          store,
          id: params.id,
          patch: body,
          ifMatch,
          actor: actorOf(req),
        });
        res.set('ETag', patched.etag).json(patched);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/agents/{id}/heartbeat',
      role: 'agent',
      tags: TAGS,
      summary:
        'Record that the agent is alive (last_seen = now); an offline agent becomes idle. Only a key bound to that agent may (403 identity_mismatch otherwise).',
      params,
      body: { schema: AgentHeartbeatRequest, required: false },
      responses: {
        200: { description: 'The agent after the heartbeat', ...jsonContent(AgentResponse) },
      },
      async handle({ params: { id }, body }, { req, res }) {
        // Only the agent itself reports that it is alive, or an admin for it (docs/adr/0008).
        const identity = actingIdentityOf(req, { named: id, actingFor: body.acting_for });
        const beat = await heartbeatAgent({ store, id, request: body, identity });
        await auditActingFor(audit, req, identity, {
          action: 'agent.heartbeat',
          targetType: 'agent',
          targetId: id,
        });
        res.set('ETag', beat.etag).json(beat);
      },
    }),
  ];
}
