/**
 * AES-256-GCM with a 12-byte IV and a 16-byte tag, and HKDF-SHA-256: the primitives under every
 * Trent ciphertext and sealed value. Authentication failures surface as `AuthError`, never details.
 */
import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, timingSafeEqual, createHmac, createHash } from 'node:crypto';

export const IV_LEN = 12;
export const TAG_LEN = 16;

/** Thrown when a tag does not verify; callers map it to one reasonless exception. */
export class AuthError extends Error {
  constructor() { super('authentication failed'); }
}

/** Encrypts `plaintext`; returns prefix ‖ ciphertext ‖ tag (the prefix, e.g. a header, saves the caller a copy). */
export function gcmSeal(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer, prefix?: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const head = c.update(plaintext);
  const tail = c.final();
  const pre = prefix ? prefix.length : 0;
  const out = Buffer.allocUnsafe(pre + head.length + tail.length + TAG_LEN);
  if (prefix) prefix.copy(out, 0);
  head.copy(out, pre);
  tail.copy(out, pre + head.length);
  c.getAuthTag().copy(out, pre + head.length + tail.length);
  return out;
}

/** Decrypts ciphertext ‖ tag; throws AuthError when anything was changed. */
export function gcmOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < TAG_LEN) throw new AuthError();
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_LEN));
  const head = d.update(sealed.subarray(0, sealed.length - TAG_LEN));
  try {
    return Buffer.concat([head, d.final()]);
  } catch {
    head.fill(0);
    throw new AuthError();
  }
}

const HKDF_COUNTER = [...Array(256).keys()].map((i) => Buffer.from([i]));

/**
 * HKDF-SHA-256 (RFC 5869), extract and expand written out with HMAC: the same bytes as
 * `hkdfSync`, at half its cost (it builds a KeyObject on every call), and it runs on every blob.
 */
export function hkdf256(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 255 * 32) throw new RangeError(`HKDF-SHA-256 cannot make ${length} bytes`);
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const out = Buffer.allocUnsafe(length);
  let t = Buffer.alloc(0);
  for (let i = 1, o = 0; o < length; i++, o += 32) {
    t = createHmac('sha256', prk).update(t).update(info).update(HKDF_COUNTER[i]!).digest();
    t.copy(out, o, 0, Math.min(32, length - o));
  }
  prk.fill(0);
  t.fill(0);
  return out;
}

/** HMAC-SHA-256. */
export function hmac256(key: Buffer | string, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

// crypto.hash (Node ≥ 20.12) digests in one call without a Hash object: about half of createHash's
// cost for hex output; SigV4 hashes every body and canonical request with it. Older Node: createHash.
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

/** SHA-256 as lower-case hex. */
export function sha256Hex(data: Buffer | string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** SHA-256 digest. */
export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Constant-time equality of two byte strings (false on different lengths). */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
