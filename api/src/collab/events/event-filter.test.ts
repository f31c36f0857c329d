import { describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { matchesEventFilter } from './event-filter.ts';

function event(overrides: Partial<CollabEvent>): CollabEvent {
  return {
    id: 1,
    ts: '2026-11-25T10:00:00.000Z',
    event: 'task_claimed',
    actor: 'agent-atlas',
    target: 'T-100',
    details: {},
    ...overrides,
  };
}

describe('matchesEventFilter', () => {
  it('matches everything when no filter is given', () => {
    expect(matchesEventFilter(event({}), {})).toBe(true);
  });

  it('matches a task by target or by details.task_id', () => {
    expect(matchesEventFilter(event({ target: 'T-100' }), { task: ['T-100'] })).toBe(true);
    const lease = event({
      event: 'lease_granted',
      target: 'src/**',
      details: { task_id: 'T-100' },
    });
    expect(matchesEventFilter(lease, { task: ['T-101', 'T-100'] })).toBe(true);
    expect(matchesEventFilter(lease, { task: ['T-101'] })).toBe(false);
  });

  it('matches an agent by actor or by details.agent', () => {
    expect(matchesEventFilter(event({}), { agent: ['agent-atlas'] })).toBe(true);
    const reclaimed = event({ actor: 'system', details: { agent: 'agent-iris' } });
    expect(matchesEventFilter(reclaimed, { agent: ['agent-iris'] })).toBe(true);
    expect(matchesEventFilter(reclaimed, { agent: ['agent-atlas'] })).toBe(false);
  });

  it('ignores details that are not strings', () => {
    const odd = event({ target: 'x', details: { task_id: ['T-100'], agent: 7 } });
    expect(matchesEventFilter(odd, { task: ['T-100'] })).toBe(false);
    expect(matchesEventFilter(odd, { agent: ['7'] })).toBe(false);
  });

  it('requires every given dimension to match', () => {
    const filter = { task: ['T-100'], agent: ['agent-atlas'], type: ['task_claimed'] };
    expect(matchesEventFilter(event({}), filter)).toBe(true);
    expect(matchesEventFilter(event({ event: 'task_released' }), filter)).toBe(false);
    expect(matchesEventFilter(event({ actor: 'agent-iris' }), filter)).toBe(false);
    expect(matchesEventFilter(event({ target: 'T-101' }), filter)).toBe(false);
  });
});
