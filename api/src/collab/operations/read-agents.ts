import type { Agent } from '@kyros/contracts/schemas/collab-agents';
import type { CollabStore } from '../store/open-collab-store.ts';
import { findOrNotFound, itemEtag } from './write-guards.ts';

export function readAgent(store: CollabStore, id: string): { agent: Agent; etag: string } {
  const { agents } = store.agents.doc;
  const agent = findOrNotFound(agents, id, 'Agent').item;
  return { agent, etag: itemEtag(agent) };
}

export function listAgents(store: CollabStore): {
  agents: { agent: Agent; etag: string }[];
  etag: string;
} {
  return {
    agents: store.agents.doc.agents.map((agent) => ({ agent, etag: itemEtag(agent) })),
    etag: store.agents.etag,
  };
}
