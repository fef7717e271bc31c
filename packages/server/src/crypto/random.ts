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

/** Random upper-case alphanumerics (access key ids, request ids). */
export function randomAlnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
