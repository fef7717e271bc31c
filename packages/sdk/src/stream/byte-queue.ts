/** A FIFO of received chunks that hands out contiguous slices, copying only across chunk borders. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private offset = 0;
  length = 0;

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
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
      this.offset = 0;
    }
  }
}
