import { describe, expect, it } from 'vitest';
import { ScrollbackRing } from './scrollback-ring.ts';

describe('ScrollbackRing', () => {
  it('keeps everything below its capacity, in order', () => {
    const ring = new ScrollbackRing(16);
    ring.push(Buffer.from('abc'));
    ring.push(Buffer.from('def'));
    expect(ring.contents().toString()).toBe('abcdef');
  });

  it('keeps only the newest bytes once full, cutting the oldest chunk', () => {
    const ring = new ScrollbackRing(8);
    ring.push(Buffer.from('0123'));
    ring.push(Buffer.from('4567'));
    ring.push(Buffer.from('89'));
    expect(ring.contents().toString()).toBe('23456789');
    expect(ring.byteLength).toBe(8);
  });

  it('keeps the tail of a chunk larger than the whole ring', () => {
    const ring = new ScrollbackRing(4);
    ring.push(Buffer.from('ab'));
    ring.push(Buffer.from('0123456789'));
    expect(ring.contents().toString()).toBe('6789');
  });
});
