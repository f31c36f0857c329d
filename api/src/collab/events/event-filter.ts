import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';

/**
 * The one definition of "this event matches": within a list any value matches, across lists all
 * must. The task filter also looks at `details.task_id` and the agent filter at `details.agent`,
 * because lease and executor events target a resource or a run while naming the task and agent in
 * their details.
 */
export function matchesEventFilter(event: CollabEvent, filter: EventFilter): boolean {
  if (filter.type && !filter.type.includes(event.event)) return false;
  if (filter.task && !matchesAny(filter.task, event.target, event.details.task_id)) return false;
  if (filter.agent && !matchesAny(filter.agent, event.actor, event.details.agent)) return false;
  return true;
}

function matchesAny(wanted: string[], primary: string, secondary: unknown): boolean {
  return wanted.includes(primary) || (typeof secondary === 'string' && wanted.includes(secondary));
}
