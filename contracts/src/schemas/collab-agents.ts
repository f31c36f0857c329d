import { z } from 'zod';

export const AgentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lowercase letters, digits, ".", "_" or "-"')
  .meta({ id: 'AgentId' });

export const AgentStatus = z.enum(['idle', 'busy', 'offline']).meta({ id: 'AgentStatus' });
export type AgentStatus = z.infer<typeof AgentStatus>;

const agentFields = {
  name: z.string().min(1).max(100),
  role: z.string().min(1).max(64),
  skills: z.array(z.string().min(1).max(64)).max(50),
  status: AgentStatus,
  available: z.boolean(),
};

/** One agent in `state/agents.json`; `version` grows with every change, heartbeats included. */
export const AgentSchema = z
  .strictObject({
    id: AgentId,
    ...agentFields,
    last_seen: z.iso.datetime(),
    version: z.number().int().positive().default(1),
  })
  .meta({ id: 'Agent' });
export type Agent = z.infer<typeof AgentSchema>;

export const AgentsDocumentSchema = z
  .strictObject({ version: z.number().int().nonnegative(), agents: z.array(AgentSchema) })
  .meta({ id: 'AgentsDocument', description: 'The envelope of `state/agents.json`.' });
export type AgentsDocument = z.infer<typeof AgentsDocumentSchema>;

export const AgentResponse = z
  .strictObject({ agent: AgentSchema, etag: z.string() })
  .meta({ id: 'AgentResponse', description: 'An agent and its own strong ETag.' });

export const AgentListResponse = z
  .strictObject({
    agents: z.array(AgentResponse),
    etag: z.string().describe('The ETag of the whole agents document.'),
  })
  .meta({ id: 'AgentListResponse' });

/** `PATCH /collab/agents/{id}` body, a JSON merge patch (RFC 7396) of the editable fields. */
export const AgentMergePatch = z
  .strictObject({
    name: agentFields.name.optional(),
    role: agentFields.role.optional(),
    skills: agentFields.skills.optional(),
    status: agentFields.status.optional(),
    available: agentFields.available.optional(),
  })
  .meta({ id: 'AgentMergePatch' });
export type AgentMergePatch = z.input<typeof AgentMergePatch>;

export const PatchAgentResponse = z
  .strictObject({ ok: z.literal(true), etag: z.string(), agent: AgentSchema })
  .meta({ id: 'PatchAgentResponse' });

/** `POST /collab/agents/{id}/heartbeat`: refreshes `last_seen`, optionally reports busy/idle. */
export const AgentHeartbeatRequest = z
  .strictObject({
    status: z.enum(['idle', 'busy']).optional(),
    acting_for: AgentId.optional().describe(
      'Admins only: heartbeat for this agent. Recorded in the audit trail and the event.',
    ),
  })
  .meta({ id: 'AgentHeartbeatRequest' });
export type AgentHeartbeatRequest = z.input<typeof AgentHeartbeatRequest>;
