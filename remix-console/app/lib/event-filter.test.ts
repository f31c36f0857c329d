import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { describe, expect, it } from 'vitest';
import { filterFromSearchParams, matchesFilter } from './event-filter.ts';

const event = (over: Partial<CollabEvent>): CollabEvent => ({
  id: 1,
  ts: '2026-11-25T10:00:00.000Z',
  event: 'lease_granted',
  actor: 'agent-atlas',
  target: 'lease-4',
  details: { task_id: 'T-7', agent: 'agent-iris' },
  ...over,
});

describe('event filters', () => {
  it('reads comma-separated lists from the URL and drops empty ones', () => {
    expect(
      filterFromSearchParams(new URLSearchParams('task=T-1, T-2&agent=&type=task_claimed')),
    ).toEqual({
      task: ['T-1', 'T-2'],
      type: ['task_claimed'],
    });
  });

  it('matches a live event the way the API filters the log', () => {
    expect(matchesFilter(event({}), { task: ['T-7'] })).toBe(true);
    expect(matchesFilter(event({}), { agent: ['agent-iris'] })).toBe(true);
    expect(matchesFilter(event({}), { agent: ['agent-atlas'], type: ['lease_granted'] })).toBe(
      true,
    );
    expect(matchesFilter(event({}), { type: ['task_claimed'] })).toBe(false);
    expect(matchesFilter(event({}), { task: ['T-8'], agent: ['agent-atlas'] })).toBe(false);
  });
});
