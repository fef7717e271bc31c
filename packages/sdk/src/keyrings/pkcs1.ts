/**
 * PKCS#1 v1.5 encryption unpadding (RFC 8017 §7.2.2) done here, over a raw RSA decrypt, because
 * Node ≥ 20.11.1 refuses RSA_PKCS1_PADDING private decryption (CVE-2023-46809).
 */

/** 1 when the bytes are equal, else 0, without branches. */
const eqByte = (a: number, b: number): number => (((a ^ b) - 1) >>> 31) & 1;
/** 1 when the small non-negative integers are equal, else 0, without branches. */
const eqInt = (a: number, b: number): number => (((a ^ b) - 1) >>> 31) & 1;

/**
 * Removes EME-PKCS1-v1_5 padding from `em` (the k-byte RSA output) and checks the message is
 * `expectedLength` bytes. Walks every byte whatever the input, so the time does not depend on
 * where the padding goes wrong; returns undefined when it is invalid.
 */
export function pkcs1Unpad(em: Uint8Array, expectedLength: number): Buffer | undefined {
  const k = em.length;
  let good = eqByte(em[0]!, 0) & eqByte(em[1]!, 2);
  let looking = 1;
  let zeroIndex = 0;
  for (let i = 2; i < k; i++) {
    const isZero = eqByte(em[i]!, 0);
    zeroIndex |= i & -(looking & isZero);
    looking &= 1 - isZero;
  }
  good &= 1 - looking; // a zero separator exists
  good &= ((9 - zeroIndex) >>> 31) & 1; // at least 8 padding bytes: separator at index ≥ 10
  good &= eqInt(k - zeroIndex - 1, expectedLength);
  const out = Buffer.from(em.subarray(k - expectedLength));
  if (good === 1) return out;
  out.fill(0);
  return undefined;
}

/** Left-pads a raw RSA output to the modulus length (OpenSSL may drop leading zeros). */
export function leftPad(b: Buffer, k: number): Buffer {
  if (b.length >= k) return b;
  const out = Buffer.alloc(k);
  b.copy(out, k - b.length);
  return out;
}
