/**
 * Canonical, length-prefixed encodings for additional authenticated data. Every field carries a
 * 4-byte big-endian length, so no two distinct inputs share an encoding.
 */

/** Concatenates fields, each prefixed with its 4-byte big-endian length. */
export function lengthPrefixed(fields: readonly (Buffer | string)[]): Buffer {
  const bufs = fields.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f));
  const out = Buffer.allocUnsafe(bufs.reduce((n, b) => n + 4 + b.length, 0));
  let o = 0;
  for (const b of bufs) {
    out.writeUInt32BE(b.length, o);
    b.copy(out, o + 4);
    o += 4 + b.length;
  }
  return out;
}

/** Compares UTF-8 byte strings: the canonical order of encryption-context keys. */
function byteOrder(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

/**
 * Encodes an encryption context canonically: a 4-byte pair count, then each key and value
 * length-prefixed, pairs sorted by the UTF-8 bytes of the key (not UTF-16 order).
 */
export function encodeContext(context: Readonly<Record<string, string>> | undefined): Buffer {
  if (context === undefined) return Buffer.alloc(4); // no pairs: the count 0 alone (most calls)
  const pairs = Object.entries(context ?? {}).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  pairs.sort((x, y) => byteOrder(x[0], y[0]));
  const count = Buffer.allocUnsafe(4);
  count.writeUInt32BE(pairs.length, 0);
  return Buffer.concat([count, lengthPrefixed(pairs.flat())]);
}
