/** HMAC (RFC 2104) for GENERATE_VERIFY_MAC keys (VerifyMac compares with aead.ts safeEqual). */
import { createHmac } from 'node:crypto';

/** HMAC of `message` under `key` with `hash` (sha224 … sha512). */
export function macOf(hash: string, key: Buffer, message: Buffer): Buffer {
  return createHmac(hash, key).update(message).digest();
}

