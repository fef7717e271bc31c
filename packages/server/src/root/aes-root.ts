/**
 * Wrapping under a 32-byte AES root key held in memory (file and passphrase providers).
 * Wrapped format v1: 0x01 ‖ IV (12) ‖ AES-256-GCM ciphertext ‖ tag (16); see docs/formats.md.
 */
import { AuthError, IV_LEN, gcmOpen, gcmSeal } from '../crypto/aead.js';
import { random } from '../crypto/random.js';
import { RootKeyError } from './provider.js';

const VERSION = 0x01;

/** Wraps `plaintext` under `key`. */
export function aesWrap(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = random(IV_LEN);
  return Buffer.concat([Buffer.from([VERSION]), iv, gcmSeal(key, iv, plaintext, aad)]);
}

/** Unwraps a value made by `aesWrap`; `hint` explains the likely cause when it fails. */
export function aesUnwrap(key: Buffer, wrapped: Buffer, aad: Buffer, hint: string): Buffer {
  if (wrapped.length < 1 + IV_LEN + 16 || wrapped[0] !== VERSION) throw new RootKeyError(`the keyring is not in a format this root key provider reads (${hint})`);
  try {
    return gcmOpen(key, wrapped.subarray(1, 1 + IV_LEN), wrapped.subarray(1 + IV_LEN), aad);
  } catch (err) {
    if (err instanceof AuthError) throw new RootKeyError(hint);
    throw err;
  }
}
