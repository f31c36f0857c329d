import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, strongEtag, textEtag } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('is independent of key insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('omits undefined members as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('serialises strings and numbers the ECMAScript way', () => {
    expect(canonicalJson({ s: 'é\n"', n: 1e21, f: 0.1 })).toBe('{"f":0.1,"n":1e+21,"s":"é\\n\\""}');
  });
});

describe('strongEtag', () => {
  it('is "<version>-<first 16 hex of sha256(canonical JSON)>"', () => {
    const digest = createHash('sha256').update('{"a":1,"b":2}').digest('hex').slice(0, 16);
    expect(strongEtag(7, { b: 2, a: 1 })).toBe(`"7-${digest}"`);
  });

  it('changes with the version and with the content', () => {
    expect(strongEtag(1, { a: 1 })).not.toBe(strongEtag(2, { a: 1 }));
    expect(strongEtag(1, { a: 1 })).not.toBe(strongEtag(1, { a: 2 }));
  });

  it('uses the byte length as the version of append-only text', () => {
    expect(textEtag('héllo')).toMatch(/^"6-[0-9a-f]{16}"$/);
  });
});
