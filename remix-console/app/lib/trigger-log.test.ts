import { describe, expect, it } from 'vitest';
import { logSearch, parseLogSelection } from './trigger-log.ts';

const ID = '4f6e2b1a-9c3d-4e5f-8a7b-1c2d3e4f5a6b';

describe('parseLogSelection', () => {
  it('reads an inbound or outbound webhook id', () => {
    expect(parseLogSelection(`inbound:${ID}`)).toEqual({ kind: 'inbound', id: ID });
    expect(parseLogSelection(`outbound:${ID}`)).toEqual({ kind: 'outbound', id: ID });
  });

  it('ignores anything else, so a hand-edited URL shows no log instead of failing', () => {
    for (const value of [null, '', ID, `slack:${ID}`, 'inbound:not-a-uuid', `inbound:${ID}:x`]) {
      expect(parseLogSelection(value)).toBeNull();
    }
  });

  it('round-trips through the search it writes', () => {
    const search = new URLSearchParams(logSearch({ kind: 'inbound', id: ID }));
    expect(parseLogSelection(search.get('log'))).toEqual({ kind: 'inbound', id: ID });
  });
});
