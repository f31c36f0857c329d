import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('parses messages, comments and retry hints across arbitrary chunk boundaries', () => {
    const stream =
      'retry: 3000\n\n: keep-alive\n\nid: 7\ndata: {"a":1}\n\nid: 8\nevent: reset\ndata: x\ndata: y\n\n';
    for (const size of [1, 3, stream.length]) {
      const parser = new SseParser();
      const items = [];
      for (let i = 0; i < stream.length; i += size)
        items.push(...parser.push(stream.slice(i, i + size)));
      expect(items).toEqual([
        { type: 'retry', ms: 3000 },
        { type: 'comment', text: 'keep-alive' },
        { type: 'message', id: '7', event: 'message', data: '{"a":1}' },
        { type: 'message', id: '8', event: 'reset', data: 'x\ny' },
      ]);
    }
  });

  it('accepts CRLF and CR line endings, including a CRLF split between chunks', () => {
    const parser = new SseParser();
    expect([
      ...parser.push('data: a\r'),
      ...parser.push('\n\r\n'),
      ...parser.push('data: b\r\r\n'),
    ]).toEqual([
      { type: 'message', id: '', event: 'message', data: 'a' },
      { type: 'message', id: '', event: 'message', data: 'b' },
    ]);
  });

  it('keeps the last id for later messages and ignores frames without data', () => {
    const parser = new SseParser();
    expect(parser.push('id: 5\n\ndata: z\n\n')).toEqual([
      { type: 'message', id: '5', event: 'message', data: 'z' },
    ]);
  });
});
