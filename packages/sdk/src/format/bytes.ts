/** Small big-endian byte helpers shared by the format reader and writer. */
import { SdkError } from '../errors.js';

/** Writes fields into one pre-sized buffer: one allocation per header or frame. */
export class ByteWriter {
  private readonly parts: Buffer[] = [];
  private size = 0;
  u8(v: number): this { return this.raw(Buffer.of(v)); }
  u16(v: number): this { const b = Buffer.allocUnsafe(2); b.writeUInt16BE(v); return this.raw(b); }
  u32(v: number): this { const b = Buffer.allocUnsafe(4); b.writeUInt32BE(v); return this.raw(b); }
  raw(b: Uint8Array): this { this.parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength)); this.size += b.byteLength; return this; }
  /** UInt16 length prefix then the bytes (the ESDK's variable-length field). */
  lv16(b: Uint8Array, what: string): this {
    if (b.byteLength > 0xffff) throw new SdkError('BadInput', `${what} longer than 65535 bytes`);
    return this.u16(b.byteLength).raw(b);
  }
  bytes(): Buffer { return Buffer.concat(this.parts, this.size); }
}

/** Thrown by {@link ByteReader} when the input ends inside a field (the caller may wait for more). */
export class NeedMoreBytes extends Error {
  constructor() { super('need more bytes'); }
}

/** Reads fields from one buffer, throwing {@link NeedMoreBytes} past its end. */
export class ByteReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  private need(n: number): number {
    if (this.pos + n > this.buf.length) throw new NeedMoreBytes();
    const p = this.pos; this.pos += n; return p;
  }
  u8(): number { return this.buf[this.need(1)]!; }
  u16(): number { return this.buf.readUInt16BE(this.need(2)); }
  u32(): number { return this.buf.readUInt32BE(this.need(4)); }
  u64(): number {
    const v = this.buf.readBigUInt64BE(this.need(8));
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new SdkError('MalformedMessage', 'length field too large');
    return Number(v);
  }
  raw(n: number): Buffer { const p = this.need(n); return this.buf.subarray(p, p + n); }
  lv16(): Buffer { return this.raw(this.u16()); }
}
