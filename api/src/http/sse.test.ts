import { describe, expect, it } from 'vitest';
import { formatSseFrame } from './sse.ts';

describe('formatSseFrame', () => {
  it('writes id, event and data fields and ends the frame with a blank line', () => {
    expect(formatSseFrame({ id: '7', event: 'reset', data: '{"a":1}' })).toBe(
      'id: 7\nevent: reset\ndata: {"a":1}\n\n',
    );
    expect(formatSseFrame({ data: 'x' })).toBe('data: x\n\n');
  });

  it('splits multi-line data into one data line per line, whatever the line ending', () => {
    expect(formatSseFrame({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('refuses CR, LF or NUL in id and event', () => {
    expect(() => formatSseFrame({ id: '1\ndata: forged', data: 'x' })).toThrow(
      /must not contain CR, LF or NUL/,
    );
    expect(() => formatSseFrame({ id: '1\r', data: 'x' })).toThrow(TypeError);
    expect(() => formatSseFrame({ id: '1\u0000', data: 'x' })).toThrow(TypeError);
    expect(() => formatSseFrame({ event: 'a\nb', data: 'x' })).toThrow(/SSE event/);
  });
});
