import { describe, expect, it } from 'vitest';
import { ifMatchSatisfied, ifNoneMatchHits, parseEtagList } from './etag-preconditions.ts';

const current = '"3-0123456789abcdef"';

describe('parseEtagList', () => {
  it('splits a list of strong and weak tags and keeps *', () => {
    expect(parseEtagList('"a", W/"b" ,"c"')).toEqual(['"a"', 'W/"b"', '"c"']);
    expect(parseEtagList('*')).toEqual(['*']);
    expect(parseEtagList(undefined)).toBeUndefined();
    expect(parseEtagList('garbage')).toEqual([]);
  });
});

describe('ifMatchSatisfied', () => {
  it('holds for the current tag, a list containing it, or *', () => {
    expect(ifMatchSatisfied(current, current)).toBe(true);
    expect(ifMatchSatisfied(`"x", ${current}`, current)).toBe(true);
    expect(ifMatchSatisfied('*', current)).toBe(true);
  });

  it('fails for a stale tag, a weak tag (strong comparison) or a missing resource', () => {
    expect(ifMatchSatisfied('"2-0123456789abcdef"', current)).toBe(false);
    expect(ifMatchSatisfied(`W/${current}`, current)).toBe(false);
    expect(ifMatchSatisfied('*', undefined)).toBe(false);
    expect(ifMatchSatisfied('garbage', current)).toBe(false);
  });
});

describe('ifNoneMatchHits', () => {
  it('hits on the current tag, weakly compared, or *', () => {
    expect(ifNoneMatchHits(current, current)).toBe(true);
    expect(ifNoneMatchHits(`W/${current}`, current)).toBe(true);
    expect(ifNoneMatchHits('*', current)).toBe(true);
  });

  it('misses on another tag or no header', () => {
    expect(ifNoneMatchHits('"1-aaaaaaaaaaaaaaaa"', current)).toBe(false);
    expect(ifNoneMatchHits(undefined, current)).toBe(false);
  });
});
