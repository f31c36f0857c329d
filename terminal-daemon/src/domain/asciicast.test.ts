import { describe, expect, it } from 'vitest';
import { castHeaderLine, castOutputLine, castResizeLine } from './asciicast.ts';

describe('asciicast v2 lines', () => {
  it('writes a version 2 header and event arrays, one JSON document per line', () => {
    const header = castHeaderLine({
      width: 80,
      height: 24,
      timestamp: 1_700_000_000,
      title: 'T-101',
      env: { SHELL: '/bin/bash', TERM: 'xterm-256color' },
    });
    expect(header.endsWith('\n')).toBe(true);
    expect(JSON.parse(header)).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(JSON.parse(castOutputLine(1234.4, 'hi\r\n'))).toEqual([1.234, 'o', 'hi\r\n']);
    expect(JSON.parse(castResizeLine(2000, 100, 30))).toEqual([2, 'r', '100x30']);
  });
});
