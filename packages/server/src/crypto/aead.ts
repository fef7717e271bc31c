/**
 * AES-256-GCM with a 12-byte IV and a 16-byte tag, and HKDF-SHA-256: the primitives under every
 * Trent ciphertext and sealed value. Authentication failures surface as `AuthError`, never details.
 */
import * as nodeCrypto from 'node:crypto';
import { timingSafeEqual, createHmac, createHash } from 'node:crypto';
import { AUTH_FAILED, openOnce, sealOnce } from '@trent/gcm';

export const IV_LEN = 12;
export const TAG_LEN = 16;
const KEY_LEN = 32;

/** Thrown when a tag does not verify; callers map it to one reasonless exception. */
export class AuthError extends Error {
  constructor() { super('authentication failed'); }
}

/** Trent's AES-GCM is AES-256 only: @trent/gcm would take a 16- or 24-byte key as AES-128/192. */
function aes256(key: Buffer): void {
  if (key.length !== KEY_LEN) throw new RangeError(`AES-256-GCM needs a ${KEY_LEN}-byte key, not ${key.length} bytes`);
}

/**
 * Encrypts `plaintext`; returns prefix ‖ ciphertext ‖ tag (the prefix, e.g. a header, saves the caller a copy).
 * Through @trent/gcm's one-shot call (every blob has its own key): OpenSSL's EVP into the one output
 * buffer, without node:crypto's cipher object and its per-call buffers (the same bytes).
 */
export function gcmSeal(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer, prefix?: Buffer): Buffer {
  aes256(key);
  const pre = prefix ? prefix.length : 0;
  const out = Buffer.allocUnsafe(pre + plaintext.length + TAG_LEN);
  if (prefix) prefix.copy(out, 0);
  sealOnce(key, iv, aad, plaintext, out, pre);
  return out;
}

/** Decrypts ciphertext ‖ tag; throws AuthError when anything was changed (no plaintext is released then). */
export function gcmOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  aes256(key);
  if (sealed.length < TAG_LEN) throw new AuthError();
  const out = Buffer.allocUnsafe(sealed.length - TAG_LEN);
  try {
    openOnce(key, iv, aad, sealed, out, 0);
    return out;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === AUTH_FAILED) throw new AuthError();
    throw err;
  }
}

const HKDF_COUNTER = [...Array(256).keys()].map((i) => Buffer.from([i]));

/**
 * HKDF-SHA-256 (RFC 5869), extract and expand written out with hmac256: the same bytes as
 * `hkdfSync`, at a fraction of its cost (it builds a KeyObject on every call), and it runs on every blob.
 */
export function hkdf256(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 255 * 32) throw new RangeError(`HKDF-SHA-256 cannot make ${length} bytes`);
  const prk = hmac256(salt, ikm);
  const out = Buffer.allocUnsafe(length);
  let t: Buffer = Buffer.alloc(0);
  for (let i = 1, o = 0; o < length; i++, o += 32) {
    const block = Buffer.concat([t, info, HKDF_COUNTER[i]!]);
    t.fill(0);
    t = hmac256(prk, block);
    block.fill(0);
    t.copy(out, o, 0, Math.min(32, length - o));
  }
  prk.fill(0);
  t.fill(0);
  return out;
}

// crypto.hash (Node ≥ 20.12) digests in one call without a Hash object: about half of createHash's
// cost for hex output; SigV4 hashes every body and canonical request with it. Older Node: createHash.
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;
const BLOCK = 64;

/**
 * HMAC-SHA-256 (RFC 2104). Where one-shot hashing exists it is the two digests of the RFC,
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ data)): createHmac sets up an OpenSSL context per call and costs
 * more, and a request makes three (SigV4, HKDF extract and expand). Same bytes (tested).
 */
export function hmac256(key: Buffer | string, data: Buffer | string): Buffer {
  if (!oneShot) return createHmac('sha256', key).update(data).digest();
  let k = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (k.length > BLOCK) k = createHash('sha256').update(k).digest();
  const dataLen = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
  const inner = Buffer.allocUnsafe(BLOCK + dataLen);
  const outer = Buffer.allocUnsafe(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    const b = i < k.length ? k[i]! : 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  if (typeof data === 'string') inner.write(data, BLOCK, 'utf8');
  else data.copy(inner, BLOCK);
  // 'binary' (latin1) output: one byte per character, much cheaper than asking crypto.hash for a Buffer.
  outer.write(oneShot('sha256', inner, 'binary'), BLOCK, 'latin1');
  const mac = Buffer.from(oneShot('sha256', outer, 'binary'), 'latin1');
  inner.fill(0, 0, BLOCK);
  outer.fill(0);
  if (k !== key) k.fill(0);
  return mac;
}

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
