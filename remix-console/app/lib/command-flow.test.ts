import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { describe, expect, it } from 'vitest';
import { applyFlowEvent, EMPTY_FLOW, flowOf, RECENT, tripPath } from './command-flow.ts';

function command(id: number, details: Record<string, unknown>): CollabEvent {
  return {
    id,
    ts: `2026-12-06T10:00:${String(id % 60).padStart(2, '0')}.000Z`,
    event: 'channel_command',
    actor: 'user:ada@kyros.local',
    target: `channel:${typeof details.channel === 'string' ? details.channel : 'api'}`,
    details: { channel: 'api', command_id: `c-${id}`, latency_ms: 5, ...details },
  };
}

describe('command flow', () => {
  it('counts each command once along channel → parse → operation → result', () => {
    const flow = flowOf([
      command(3, { command: 'transition', outcome: 'ok' }),
      command(1, { command: 'claim', outcome: 'ok', channel: 'websocket' }),
      command(2, { command: null, outcome: 'refused', code: 'unknown_command' }),
    ]);
    expect(flow.lastId).toBe(3);
    expect(flow.channels).toEqual({ api: 2, websocket: 1 });
    expect(flow.parse).toEqual({ parsed: 2, unreadable: 1 });
    expect(flow.operations).toEqual({ claim: 1, transition: 1 });
    expect(flow.results).toEqual({ ok: 2, refused: 1, failed: 0 });
    expect(flow.recent.map((trip) => trip.id)).toEqual([3, 2, 1]);
    expect(flow.edges).toEqual({
      'channel:api→parse': 1,
      'channel:api→parse:unreadable': 1,
      'channel:websocket→parse': 1,
      'parse→op:claim': 1,
      'parse→op:transition': 1,
      'op:claim→result:ok': 1,
      'op:transition→result:ok': 1,
      'parse:unreadable→result:refused': 1,
    });
  });

  it('ignores an event it has already applied, so a replay after a reconnect counts nothing twice', () => {
    const once = flowOf([command(1, { command: 'claim', outcome: 'ok' })]);
    const again = applyFlowEvent(once, command(1, { command: 'claim', outcome: 'ok' }));
    expect(again).toBe(once);
    expect(applyFlowEvent(again, command(0, { command: 'run', outcome: 'ok' }))).toBe(once);
  });

  it('moves past other events without counting them', () => {
    const other: CollabEvent = { ...command(5, {}), event: 'task_created', details: {} };
    const flow = applyFlowEvent(EMPTY_FLOW, other);
    expect(flow.lastId).toBe(5);
    expect(flow.recent).toEqual([]);
    expect(flow.results).toEqual(EMPTY_FLOW.results);
  });

  it('keeps only the newest trips', () => {
    const events = Array.from({ length: RECENT + 5 }, (_, index) =>
      command(index + 1, { command: 'status', outcome: 'ok' }),
    );
    const flow = flowOf(events);
    expect(flow.recent).toHaveLength(RECENT);
    expect(flow.recent[0]?.id).toBe(RECENT + 5);
    expect(flow.operations.status).toBe(RECENT + 5);
  });

  it('draws an unreadable command straight from parse to its result', () => {
    const [trip] = flowOf([command(1, { command: null, outcome: 'refused' })]).recent;
    expect(trip && tripPath(trip)).toEqual(['channel:api', 'parse:unreadable', 'result:refused']);
    const [ok] = flowOf([command(2, { command: 'run', outcome: 'failed' })]).recent;
    expect(ok && tripPath(ok)).toEqual(['channel:api', 'parse', 'op:run', 'result:failed']);
  });
});
