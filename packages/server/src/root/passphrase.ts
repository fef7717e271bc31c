/**
 * A root key derived from an operator's passphrase with scrypt. The salt and cost parameters are
 * stored beside the wrapped keyring (not secret); the passphrase itself is never stored.
 * Wrapped format: 'P1' ‖ log2N (1) ‖ r (1) ‖ p (1) ‖ salt (16) ‖ AES-root wrapped value.
 */
import { scryptSync } from 'node:crypto';
import { random } from '../crypto/random.js';
import { aesUnwrap, aesWrap } from './aes-root.js';
import { RootKeyError, type RootKeyProvider } from './provider.js';

const MAGIC = Buffer.from('P1');
const LOG2N = 15;
const R = 8;
const P = 1;

/** Root key provider backed by a passphrase. */
export class PassphraseRootKey implements RootKeyProvider {
  readonly kind = 'passphrase';
  constructor(private readonly passphrase: string | undefined) {}

  async open(): Promise<void> {
    if (!this.passphrase) throw new RootKeyError('TRENT_ROOT_PASSPHRASE is not set: the passphrase root key provider needs it');
  }

  private derive(salt: Buffer, log2n: number, r: number, p: number): Buffer {
    return scryptSync(this.passphrase!, salt, 32, { N: 2 ** log2n, r, p, maxmem: 256 * 1024 * 1024 });
  }

  async wrap(plaintext: Buffer, aad: Buffer): Promise<Buffer> {
    const salt = random(16);
    const key = this.derive(salt, LOG2N, R, P);
    try {
      return Buffer.concat([MAGIC, Buffer.from([LOG2N, R, P]), salt, aesWrap(key, plaintext, aad)]);
    } finally { key.fill(0); }
  }

  async unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    if (wrapped.length < 21 || !wrapped.subarray(0, 2).equals(MAGIC)) {
      throw new RootKeyError('the keyring was not sealed with a passphrase: start with the root key provider it was sealed under');
    }
    const [log2n, r, p] = [wrapped[2]!, wrapped[3]!, wrapped[4]!];
    if (log2n > 22 || r > 32 || p > 16) throw new RootKeyError('the keyring names scrypt parameters out of range');
    const key = this.derive(wrapped.subarray(5, 21), log2n, r, p);
    try {
      return aesUnwrap(key, wrapped.subarray(21), aad, 'wrong passphrase: the keyring does not open with TRENT_ROOT_PASSPHRASE');
    } finally { key.fill(0); }
  }

  async close(): Promise<void> {}
}
