import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { parseNewEvent } from './parse-new-event.ts';

const valid = { event: 'note_added', actor: 'agent-atlas', target: 'T-1', details: {} };

function refusal(input: Partial<typeof valid>): AppError {
  try {
    parseNewEvent({ ...valid, ...input });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the event was accepted');
}

describe('parseNewEvent', () => {
  it('keeps a valid event, emoji included', () => {
    expect(parseNewEvent({ ...valid, actor: 'agent-🦊' })).toMatchObject({ actor: 'agent-🦊' });
  });

  // Neither backend stores what PostgreSQL `text` cannot hold, so an event reads back the same.
  it.each([
    ['actor', 'U+0000', { actor: 'a\u0000b' }],
    ['target', 'U+0000', { target: 'T-\u0000' }],
    ['actor', 'a lone surrogate', { actor: 'agent-\ud800' }],
    ['target', 'a lone surrogate', { target: '\udc00T-1' }],
  ])('refuses a %s with %s as a 400 naming the field', (field, character, input) => {
    const error = refusal(input);
    expect(error.status).toBe(400);
    const messages = (error.extras.errors ?? []).map((each) => JSON.stringify(each));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`must not contain ${character}`);
    expect(messages[0]).toContain(field);
  });
});
