/** Multi-keyring: one generator plus children, each adding an EDK (spec: framework/multi-keyring.md). */
import { SdkError } from '../errors.js';
import type { EncryptedDataKey } from '../format/header.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';

/** Options of {@link MultiKeyring}. */
export interface MultiKeyringOptions { generator?: Keyring; children?: Keyring[] }

/** Combines keyrings: encrypt with all of them, decrypt with the first that succeeds. */
export class MultiKeyring implements Keyring {
  readonly generator?: Keyring;
  readonly children: readonly Keyring[];

  constructor(opts: MultiKeyringOptions) {
    if (!opts.generator && !opts.children?.length) throw new SdkError('BadInput', 'multi-keyring needs a generator or children');
    this.generator = opts.generator;
    this.children = opts.children ?? [];
  }

  /** The generator makes the data key; every child wraps it once more. */
  async onEncrypt(m: EncryptionMaterials): Promise<EncryptionMaterials> {
    if (!m.plaintextDataKey && !this.generator) throw new SdkError('KeyringError', 'multi-keyring without a generator cannot create a data key');
    let out = this.generator ? await this.generator.onEncrypt(m) : m;
    if (!out.plaintextDataKey) throw new SdkError('KeyringError', 'generator keyring produced no data key'); // spec: multi-keyring.md
    for (const child of this.children) out = await child.onEncrypt(out);
    return out;
  }

  /** Tries the generator then each child; individual failures are collected, not fatal. */
  async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    if (m.plaintextDataKey) return m;
    const errors: string[] = [];
    for (const k of [this.generator, ...this.children]) {
      if (!k) continue;
      try {
        const out = await k.onDecrypt(m, edks);
        if (out.plaintextDataKey) return out;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length) throw new SdkError('NoDecryptableKey', `no keyring could decrypt a data key: ${errors.join('; ')}`);
    return m;
  }
}
