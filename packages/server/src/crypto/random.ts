/** Randomness: the one place Trent draws random bytes and identifiers. */
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

// Small draws (salts, IVs, data keys) come from a pool refilled 4 KiB at a time, as randomUUID does:
// one call into OpenSSL per ~140 blobs instead of one per blob. Bytes handed out are wiped from the pool.
const POOL = Buffer.alloc(4096);
const POOLED_MAX = 64;
let poolOffset = POOL.length;

/** `n` cryptographically random bytes. */
export function random(n: number): Buffer {
  if (!Number.isInteger(n) || n <= 0 || n > POOLED_MAX) return randomBytes(n);
  if (poolOffset + n > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const out = Buffer.allocUnsafe(n);
  POOL.copy(out, 0, poolOffset, poolOffset + n);
  POOL.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/** A random RFC 4122 version 4 UUID, as AWS uses for key ids. */
export function uuid(): string {
  return randomUUID();
}

let lastMs = 0;
let lastSeq = 0;

/**
 * A time-ordered RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, then random bits, with a
 * 12-bit counter in rand_a keeping ids of one millisecond in order. Audit event ids use it: each id
 * lands at the end of the unique index instead of on a random page (half the SQLite insert cost).
 */
export function uuidV7(now = Date.now()): string {
  const b = random(16);
  if (now > lastMs) { lastMs = now; lastSeq = b.readUInt16BE(6) & 0x3ff; } // a random start, with room to count up
  else if (++lastSeq > 0xfff) { lastMs++; lastSeq = 0; } // 4096 ids in one millisecond: borrow the next one
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (lastSeq >> 8);
  b[7] = lastSeq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Random upper-case alphanumerics (access key ids, request ids). */
export function randomAlnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
