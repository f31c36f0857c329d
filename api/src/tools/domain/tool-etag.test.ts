import { describe, expect, it } from 'vitest';
import { toolEtag, toolPrecondition } from './tool-etag.ts';

describe('tool ETag preconditions', () => {
  it('the ETag is the row version', () => {
    expect(toolEtag(3)).toBe('"v3"');
  });

  it('no If-Match is missing, another version is stale, the current one passes', () => {
    expect(toolPrecondition(undefined, 3)).toBe('missing');
    expect(toolPrecondition('"v2"', 3)).toBe('stale');
    expect(toolPrecondition('W/"v3"', 3)).toBe('stale');
    expect(toolPrecondition('"v3"', 3)).toBe('ok');
  });
});
