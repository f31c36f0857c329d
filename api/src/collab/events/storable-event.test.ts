import { describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { unstorableReason } from './storable-event.ts';

function event(fields: Partial<CollabEvent>): CollabEvent {
  return {
    id: 7,
    ts: '2026-11-25T00:00:00.000Z',
    event: 'note_added',
    actor: 'agent-atlas',
    target: 'T-1',
    details: {},
    ...fields,
  };
}

describe('unstorableReason', () => {
  it.each([
    ['milliseconds', '2026-11-25T00:00:00.123Z'],
    ['whole seconds', '2026-11-25T00:00:00Z'],
    ['zeros past the milliseconds', '2026-11-25T00:00:00.120000Z'],
  ])('accepts a ts in %s', (_case, ts) => {
    expect(unstorableReason(event({ ts }))).toBeUndefined();
  });

  it('refuses a ts finer than milliseconds, which the column would round', () => {
    expect(unstorableReason(event({ ts: '2026-11-25T00:00:00.1234Z' }))).toBe(
      'ts 2026-11-25T00:00:00.1234Z is finer than milliseconds',
    );
  });

  it.each([
    ['actor', 'U+0000', { actor: 'a\u0000b' }, 'actor contains U+0000'],
    ['target', 'a lone surrogate', { target: 'T-\ud800' }, 'target contains a lone surrogate'],
  ])('refuses an %s with %s', (_field, _what, fields, reason) => {
    expect(unstorableReason(event(fields))).toBe(reason);
  });

  it('accepts a surrogate pair (an emoji) in actor and target', () => {
    expect(unstorableReason(event({ actor: 'agent-🦊', target: '🦊' }))).toBeUndefined();
  });

  it('refuses a low surrogate with no high one before it', () => {
    expect(unstorableReason(event({ actor: '\udc00x' }))).toBe('actor contains a lone surrogate');
  });

  it('accepts details with U+0000 and lone surrogates: json text keeps them as escapes', () => {
    expect(unstorableReason(event({ details: { a: '\u0000', b: '\ud800' } }))).toBeUndefined();
  });
});
