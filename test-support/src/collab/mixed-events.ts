import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { CollabClient } from '@kyros/contracts/client';

/**
 * Six events from two agents, two tasks and two runs, naming tasks and agents both directly
 * (`target`, `actor`) and through `details`, so that every event filter selects a different
 * subset. Appended after the two seed events of `seededCollabDir`, they get ids 3 to 8; append
 * each with a key bound to its actor ({@link appendMixedEvents}).
 */
export const MIXED_EVENTS: readonly NewEvent[] = [
  { event: 'task_claimed', actor: 'agent-atlas', target: 'T-100' },
  { event: 'lease_granted', actor: 'agent-atlas', target: 'src/**', details: { task_id: 'T-100' } },
  { event: 'task_claimed', actor: 'agent-iris', target: 'T-101' },
  {
    event: 'executor_failed',
    actor: 'worker',
    target: 'run-7',
    details: { task_id: 'T-101', agent: 'agent-iris' },
  },
  {
    event: 'lease_reclaimed',
    actor: 'system',
    target: 'docs/**',
    details: { agent: 'agent-atlas' },
  },
  {
    event: 'executor_succeeded',
    actor: 'worker',
    target: 'run-8',
    details: { task_id: 'T-100', agent: 'agent-atlas' },
  },
];

/** Appends {@link MIXED_EVENTS} in order, each through a key bound to its actor. */
export async function appendMixedEvents(
  clientFor: (agentId: string) => Promise<Pick<CollabClient, 'appendEvent'>>,
): Promise<void> {
  for (const event of MIXED_EVENTS) await (await clientFor(event.actor)).appendEvent(event);
}
