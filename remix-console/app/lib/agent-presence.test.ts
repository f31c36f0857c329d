import { describe, expect, it } from 'vitest';
import { AGENT_STALE_AFTER_MS, presenceOf } from './agent-presence.ts';

const now = Date.parse('2026-11-25T10:00:00.000Z');
const seenAgo = (ms: number) => new Date(now - ms).toISOString();

describe('an agent’s shown status', () => {
  it('is what the agent reported while its heartbeat is recent', () => {
    expect(presenceOf({ status: 'busy', last_seen: seenAgo(60_000) }, now)).toBe('busy');
    expect(presenceOf({ status: 'idle', last_seen: seenAgo(AGENT_STALE_AFTER_MS) }, now)).toBe(
      'idle',
    );
  });

  it('is offline once the last heartbeat is older than the threshold', () => {
    const stale = seenAgo(AGENT_STALE_AFTER_MS + 1000);
    expect(presenceOf({ status: 'busy', last_seen: stale }, now)).toBe('offline');
    expect(presenceOf({ status: 'idle', last_seen: stale }, now)).toBe('offline');
  });

  it('is offline when the last-seen time cannot be read', () => {
    expect(presenceOf({ status: 'idle', last_seen: 'never' }, now)).toBe('offline');
  });
});
