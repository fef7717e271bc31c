/** Raw AES keyring: wraps data keys with a local AES-GCM key (spec: framework/raw-aes-keyring.md). */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import { SdkError } from '../errors.js';
import { ByteWriter } from '../format/bytes.js';
import { serializeContext } from '../format/context.js';
import type { EncryptedDataKey } from '../format/header.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';

const IV_LEN = 12;
const TAG_BITS = 128;
const TAG_LEN = TAG_BITS / 8;

/** Options of {@link RawAesKeyring}. */
export interface RawAesKeyringOptions { keyNamespace: string; keyName: string; wrappingKey: Uint8Array }

/** A keyring holding one AES-128/192/256 wrapping key. */
export class RawAesKeyring implements Keyring {
  readonly keyNamespace: string;
  readonly keyName: string;
  private readonly key: Buffer;
  private readonly cipher: CipherGCMTypes;
  private readonly infoPrefix: Buffer;

  constructor(opts: RawAesKeyringOptions) {
    if (![16, 24, 32].includes(opts.wrappingKey.byteLength)) throw new SdkError('BadInput', 'raw AES wrapping key must be 128, 192 or 256 bits');
    if (opts.keyNamespace.startsWith('aws-kms')) throw new SdkError('BadInput', 'raw keyring namespace must not start with "aws-kms"'); // spec: raw-aes-keyring.md
    this.keyNamespace = opts.keyNamespace;
    this.keyName = opts.keyName;
    this.key = Buffer.from(opts.wrappingKey);
    this.cipher = `aes-${opts.wrappingKey.byteLength * 8}-gcm` as CipherGCMTypes;
    // spec: provider info = key name ‖ UInt32 tag bits ‖ UInt32 IV length ‖ IV
    this.infoPrefix = new ByteWriter().raw(Buffer.from(opts.keyName, 'utf8')).u32(TAG_BITS).u32(IV_LEN).bytes();
  }

  /** Generates a data key if none, then wraps it with AAD = the serialized encryption context. */
  async onEncrypt(m: EncryptionMaterials): Promise<EncryptionMaterials> {
    if (!m.plaintextDataKey) m.plaintextDataKey = randomBytes(m.suite.keyLength);
    const iv = randomBytes(IV_LEN);
    const c = createCipheriv(this.cipher, this.key, iv, { authTagLength: TAG_LEN });
    c.setAAD(serializeContext(m.encryptionContext));
    const ct = Buffer.concat([c.update(m.plaintextDataKey), c.final(), c.getAuthTag()]);
    m.encryptedDataKeys.push({ providerId: this.keyNamespace, providerInfo: Buffer.concat([this.infoPrefix, iv]), ciphertext: ct });
    return m;
  }

  /** Tries every EDK with this namespace, key name and layout; the first that authenticates wins. */
  async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    if (m.plaintextDataKey) return m;
    const aad = serializeContext(m.encryptionContext);
    for (const edk of edks) {
      if (!this.matches(edk)) continue;
      const key = this.unwrap(edk, aad, m.suite.keyLength);
      if (key) { m.plaintextDataKey = key; return m; }
    }
    return m;
  }

  private matches(edk: EncryptedDataKey): boolean {
    const info = edk.providerInfo;
    return edk.providerId === this.keyNamespace && info.length === this.infoPrefix.length + IV_LEN
      && info.subarray(0, this.infoPrefix.length).equals(this.infoPrefix);
  }

  private unwrap(edk: EncryptedDataKey, aad: Buffer, keyLength: number): Buffer | undefined {
    if (edk.ciphertext.length !== keyLength + TAG_LEN) return undefined;
    const iv = edk.providerInfo.subarray(this.infoPrefix.length);
    const d = createDecipheriv(this.cipher, this.key, iv, { authTagLength: TAG_LEN });
    d.setAAD(aad);
    d.setAuthTag(edk.ciphertext.subarray(keyLength));
    const pt = d.update(edk.ciphertext.subarray(0, keyLength));
    try { d.final(); return pt; } catch { pt.fill(0); return undefined; }
  }
}
