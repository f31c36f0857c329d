import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';

/** The filter in a URL's query (`task`, `agent`, `type`, each comma-separated), empty lists left out. */
export function filterFromSearchParams(params: URLSearchParams): EventFilter {
  const filter: EventFilter = {};
  for (const key of ['task', 'agent', 'type'] as const) {
    const values = (params.get(key) ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length > 0) filter[key] = values;
  }
  return filter;
}

/** The API's matching rule (api/src/collab/events/event-filter.ts), for events that arrive live. */
export function matchesFilter(event: CollabEvent, filter: EventFilter): boolean {
  const detail = (name: string) => {
    const value = event.details[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (filter.task && !filter.task.some((id) => event.target === id || detail('task_id') === id))
    return false;
  if (filter.agent && !filter.agent.some((id) => event.actor === id || detail('agent') === id))
    return false;
  if (filter.type && !filter.type.includes(event.event)) return false;
  return true;
}
