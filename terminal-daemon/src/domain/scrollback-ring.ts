/**
 * The last `capacity` bytes of a session's output, replayed to a client that resumes it. Old
 * chunks are dropped whole, and the oldest kept one is cut at the front when it straddles the
 * limit.
 */
export class ScrollbackRing {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(readonly capacity: number) {}

  push(chunk: Buffer): void {
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.subarray(chunk.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const oldest = this.chunks[0];
      if (!oldest) break;
      const excess = this.size - this.capacity;
      if (oldest.length <= excess) {
        this.chunks.shift();
        this.size -= oldest.length;
      } else {
        this.chunks[0] = oldest.subarray(excess);
        this.size -= excess;
      }
    }
  }

  get byteLength(): number {
    return this.size;
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
