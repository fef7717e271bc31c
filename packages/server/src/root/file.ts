/** The zero-setup root key: 32 random bytes in `$TRENT_DATA_DIR/root.key`, mode 0600. */
import { existsSync, readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { random } from '../crypto/random.js';
import { aesUnwrap, aesWrap } from './aes-root.js';
import { RootKeyError, type RootKeyProvider } from './provider.js';

/** Root key provider backed by a key file. */
export class FileRootKey implements RootKeyProvider {
  readonly kind = 'file';
  private key: Buffer | undefined;
  constructor(private readonly path: string) {}

  async open(create: boolean): Promise<void> {
    if (!existsSync(this.path)) {
      if (!create) throw new RootKeyError(`root key file ${this.path} is missing: this data directory was sealed under it and cannot be opened without it`);
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(this.path, random(32), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(this.path, 0o600);
    const key = readFileSync(this.path);
    if (key.length !== 32) throw new RootKeyError(`root key file ${this.path} must hold exactly 32 bytes`);
    this.key = key;
  }

  async wrap(plaintext: Buffer, aad: Buffer): Promise<Buffer> {
    return aesWrap(this.must(), plaintext, aad);
  }

  async unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    return aesUnwrap(this.must(), wrapped, aad, `the keyring does not open with the root key in ${this.path}: this data is sealed under another root key`);
  }

  async close(): Promise<void> {
    this.key?.fill(0);
    this.key = undefined;
  }

  private must(): Buffer {
    if (!this.key) throw new RootKeyError('root key provider not opened');
    return this.key;
  }
}
