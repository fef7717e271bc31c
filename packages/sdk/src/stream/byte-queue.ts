/** A FIFO of received chunks that hands out contiguous slices, copying only across chunk borders. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private offset = 0;
  /** How many of the first chunks are the queue's own copies (see {@link own}). */
  private owned = 0;
  length = 0;

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  /**
   * Copies the queued bytes of chunks pushed since the last call into memory of the queue's own,
   * so their owner may overwrite them (each byte is copied at most once, however long it waits).
   */
  own(): void {
    for (let i = this.owned; i < this.chunks.length; i++) {
      this.chunks[i] = Buffer.from(i === 0 ? this.chunks[0]!.subarray(this.offset) : this.chunks[i]!);
      if (i === 0) this.offset = 0;
    }
    this.owned = this.chunks.length;
  }

  /** The first `n` bytes without consuming them (`n` ≤ length). */
  peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length - this.offset >= n) return first.subarray(this.offset, this.offset + n);
    const out = Buffer.allocUnsafe(n);
    let have = 0;
    for (let i = 0, off = this.offset; have < n; i++, off = 0) {
      const c = this.chunks[i]!;
      have += c.copy(out, have, off, Math.min(c.length, off + n - have));
    }
    return out;
  }

  /** Everything queued, as one buffer, without consuming it. */
  peekAll(): Buffer {
    return this.length === 0 ? Buffer.alloc(0) : this.peek(this.length);
  }

  /** Removes and returns the first `n` bytes (`n` ≤ length). */
  take(n: number): Buffer {
    const out = n === 0 ? Buffer.alloc(0) : this.peek(n);
    this.skip(n);
    return out;
  }

  private skip(n: number): void {
    this.length -= n;
    while (n > 0) {
      const left = this.chunks[0]!.length - this.offset;
      if (n < left) { this.offset += n; return; }
      n -= left;
      this.chunks.shift();
      this.owned = Math.max(0, this.owned - 1);
      this.offset = 0;
    }
  }
}
