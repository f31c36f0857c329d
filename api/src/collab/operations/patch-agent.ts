import {
  AgentSchema,
  type Agent,
  type AgentMergePatch,
} from '@kyros/contracts/schemas/collab-agents';
import { AppError } from '../../errors/app-error.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { applyMergePatch } from '../domain/json-merge-patch.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { findOrNotFound, itemEtag, requireIfMatch } from './write-guards.ts';

/** Edits one agent (availability, status, role, skills, name) under its own ETag. */
export async function patchAgent(options: {
  store: CollabStore;
  id: string;
  patch: AgentMergePatch;
  ifMatch: string | undefined;
  actor: string;
}): Promise<{ ok: true; etag: string; agent: Agent }> {
  const { store, id, patch, ifMatch, actor } = options;
  return store.agents.update((doc) => {
    const { index, item: current } = findOrNotFound(doc.agents, id, 'Agent');
    requireIfMatch(ifMatch, current, 'agent');
    const parsed = AgentSchema.safeParse(applyMergePatch(current, patch));
    if (!parsed.success) {
      throw new AppError('invalid', 'The patched agent would be invalid', {
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      });
    }
    const fields = (Object.keys(parsed.data) as (keyof Agent)[]).filter(
      (key) => canonicalJson(current[key]) !== canonicalJson(parsed.data[key]),
    );
    if (fields.length === 0)
      return { result: { ok: true, etag: itemEtag(current), agent: current } };
    const agent: Agent = { ...parsed.data, version: current.version + 1 };
    const agents = doc.agents.slice();
    agents[index] = agent;
    return {
      next: { ...doc, agents },
      result: { ok: true, etag: itemEtag(agent), agent },
      events: [
        {
          event: 'agent_updated',
          actor,
          target: id,
          details: {
            agent: id,
            version: agent.version,
            fields,
            ...Object.fromEntries(fields.map((field) => [field, agent[field]])),
          },
        },
      ],
    };
  });
}
