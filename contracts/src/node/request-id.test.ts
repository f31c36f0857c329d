import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it('keeps a well-formed incoming X-Request-Id', () => {
    expect(requestIdFor('proxy-7f3a:edge.1')).toBe('proxy-7f3a:edge.1');
  });

  it('replaces a missing, repeated, oversized or header-breaking one with a fresh UUID', () => {
    for (const incoming of [
      undefined,
      '',
      ['a', 'b'],
      'x'.repeat(129),
      'id\r\nSet-Cookie: x',
      'a b',
    ]) {
      expect(requestIdFor(incoming)).toMatch(UUID);
    }
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });
});
