/** Key derivation and key commitment (ESDK-FORMAT §3; spec: algorithm-suites.md). */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { SdkError } from '../errors.js';
import type { AlgorithmSuite } from './suites.js';

const DERIVEKEY = Buffer.from('DERIVEKEY', 'ascii');
const COMMITKEY = Buffer.from('COMMITKEY', 'ascii');

const suiteIdBytes = (s: AlgorithmSuite) => { const b = Buffer.alloc(2); b.writeUInt16BE(s.id); return b; };

/** Derived keys of one message: the AES-GCM key and, for committing suites, the commit key. */
export interface DerivedKeys { key: Buffer; commitKey?: Buffer }

/** Derives the message's encryption key (and commit key) from the plaintext data key. */
export function deriveKeys(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer): DerivedKeys {
  if (dataKey.length !== suite.keyLength) throw new SdkError('KeyringError', 'data key length does not match the suite');
  if (suite.kdf === 'identity') return { key: Buffer.from(dataKey) }; // spec: identity KDF, copy so the caller may zero its own
  if (!suite.committing) {
    // spec: algorithm-suites.md, salt = none, info = suite ID ‖ message ID
    const info = Buffer.concat([suiteIdBytes(suite), messageId]);
    return { key: Buffer.from(hkdfSync(suite.kdf, dataKey, Buffer.alloc(0), info, suite.keyLength)) };
  }
  // spec: key commitment, HKDF-SHA512 with salt = message ID; separate expand labels
  const prk = createHmac('sha512', messageId).update(dataKey).digest();
  const key = expand(prk, Buffer.concat([suiteIdBytes(suite), DERIVEKEY]), 32);
  const commitKey = expand(prk, COMMITKEY, 32);
  prk.fill(0);
  return { key, commitKey };
}

/** HKDF-Expand (RFC 5869 §2.3) for L ≤ hash length: one HMAC block. */
function expand(prk: Buffer, info: Buffer, length: number): Buffer {
  return createHmac('sha512', prk).update(info).update(Buffer.of(1)).digest().subarray(0, length);
}

/** Compares the derived commit key with the header's in constant time (spec: decrypt.md, key commitment). */
export function verifyCommitment(expected: Buffer | undefined, stored: Buffer | undefined): void {
  if (!expected && !stored) return;
  if (!expected || !stored || expected.length !== stored.length || !timingSafeEqual(expected, stored)) {
    throw new SdkError('AuthenticationFailed', 'key commitment does not match: wrong data key or altered header');
  }
}
