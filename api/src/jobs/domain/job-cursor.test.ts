import { describe, expect, it } from 'vitest';
import { decodeJobCursor, encodeJobCursor, variantEtag } from './job-cursor.ts';

describe('job list cursors', () => {
  it('round-trip the last job of a page', () => {
    const cursor = {
      createdAt: new Date('2030-01-02T03:04:05.678Z'),
      id: '0b6c8f4e-5d3a-4c1e-9a7b-1f2e3d4c5b6a',
    };
    expect(decodeJobCursor(encodeJobCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'not base64!', Buffer.from('2030-01-01|x').toString('base64url')])(
    'refuse %j, which this API never issued',
    (text) => expect(decodeJobCursor(text)).toBeUndefined(),
  );

  it('make the variant version a strong quoted ETag', () => {
    expect(variantEtag(3)).toBe('"v3"');
  });
});
