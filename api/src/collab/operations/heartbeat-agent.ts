import type { Agent, AgentHeartbeatRequest } from '@kyros/contracts/schemas/collab-agents';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { findOrNotFound, itemEtag } from './write-guards.ts';

/**
 * Records that an agent is alive: `last_seen` = now, and `status` as reported (an offline agent
 * that heartbeats becomes idle). Only a status change is an event; routine heartbeats would
 * drown the log.
 */
export async function heartbeatAgent(options: {
  store: CollabStore;
  id: string;
  request: AgentHeartbeatRequest;
  /** The agent itself, or an admin acting for it (docs/adr/0008). */
  identity: ActingIdentity;
}): Promise<{ agent: Agent; etag: string }> {
  const { store, id, request, identity } = options;
  return store.agents.update((doc) => {
    const { index, item: current } = findOrNotFound(doc.agents, id, 'Agent');
    const status = request.status ?? (current.status === 'offline' ? 'idle' : current.status);
    const agent: Agent = {
      ...current,
      status,
      last_seen: store.clock().toISOString(),
      version: current.version + 1,
    };
    const agents = doc.agents.slice();
    agents[index] = agent;
    const statusChanged = status !== current.status;
    return {
      next: { ...doc, agents },
      result: { agent, etag: itemEtag(agent) },
      events: statusChanged
        ? [
            {
              event: 'agent_updated',
              actor: id,
              target: id,
              details: {
                agent: id,
                version: agent.version,
                fields: ['status'],
                status,
                ...actingForDetails(identity),
              },
            },
          ]
        : [],
    };
  });
}
