/** Raw RSA keyring: wraps data keys with a local RSA key (spec: framework/raw-rsa-keyring.md). */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { SdkError } from '../errors.js';
import type { EncryptedDataKey } from '../format/header.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import { leftPad, pkcs1Unpad } from './pkcs1.js';

/** Padding schemes of the raw RSA keyring. */
export type RsaPadding = 'pkcs1' | 'oaep-sha1' | 'oaep-sha256' | 'oaep-sha384' | 'oaep-sha512';
export const RSA_PADDINGS: readonly RsaPadding[] = ['pkcs1', 'oaep-sha1', 'oaep-sha256', 'oaep-sha384', 'oaep-sha512'];

/** Options of {@link RawRsaKeyring}: PEM strings or KeyObjects; a public key alone can only encrypt. */
export interface RawRsaKeyringOptions {
  keyNamespace: string; keyName: string; padding: RsaPadding;
  publicKey?: string | KeyObject; privateKey?: string | KeyObject;
}

/** A keyring holding one RSA key pair (or only its public half). */
export class RawRsaKeyring implements Keyring {
  readonly keyNamespace: string;
  readonly keyName: string;
  readonly padding: RsaPadding;
  private readonly publicKey?: KeyObject;
  private readonly privateKey?: KeyObject;

  constructor(opts: RawRsaKeyringOptions) {
    if (!RSA_PADDINGS.includes(opts.padding)) throw new SdkError('BadInput', `unknown RSA padding "${opts.padding}"`);
    if (opts.keyNamespace.startsWith('aws-kms')) throw new SdkError('BadInput', 'raw keyring namespace must not start with "aws-kms"');
    this.keyNamespace = opts.keyNamespace;
    this.keyName = opts.keyName;
    this.padding = opts.padding;
    this.privateKey = opts.privateKey === undefined ? undefined : typeof opts.privateKey === 'string' ? createPrivateKey(opts.privateKey) : opts.privateKey;
    const pub = opts.publicKey ?? this.privateKey;
    this.publicKey = pub === undefined ? undefined : typeof pub === 'string' ? createPublicKey(pub) : createPublicKey(pub as KeyObject);
    if (!this.publicKey) throw new SdkError('BadInput', 'raw RSA keyring needs a public or private key');
  }

  /** Generates a data key if none, then encrypts it to the public key. */
  async onEncrypt(m: EncryptionMaterials): Promise<EncryptionMaterials> {
    if (!m.plaintextDataKey) m.plaintextDataKey = randomBytes(m.suite.keyLength);
    const ct = publicEncrypt({ key: this.publicKey!, ...this.paddingOptions() }, m.plaintextDataKey);
    m.encryptedDataKeys.push({ providerId: this.keyNamespace, providerInfo: Buffer.from(this.keyName, 'utf8'), ciphertext: ct });
    return m;
  }

  /** Tries every EDK with this namespace and key name; fails outright without a private key. */
  async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    if (m.plaintextDataKey) return m;
    if (!this.privateKey) throw new SdkError('KeyringError', `raw RSA keyring ${this.keyNamespace}/${this.keyName} has no private key and cannot decrypt`);
    const name = Buffer.from(this.keyName, 'utf8');
    for (const edk of edks) {
      if (edk.providerId !== this.keyNamespace || !edk.providerInfo.equals(name)) continue;
      const key = this.unwrap(edk.ciphertext, m.suite.keyLength);
      if (key) { m.plaintextDataKey = key; return m; }
    }
    return m;
  }

  private unwrap(ct: Buffer, keyLength: number): Buffer | undefined {
    try {
      if (this.padding !== 'pkcs1') {
        const key = privateDecrypt({ key: this.privateKey!, ...this.paddingOptions() }, ct);
        return key.length === keyLength ? key : undefined;
      }
      const k = (this.privateKey!.asymmetricKeyDetails!.modulusLength! + 7) >> 3;
      if (ct.length !== k) return undefined;
      const em = leftPad(privateDecrypt({ key: this.privateKey!, padding: constants.RSA_NO_PADDING }, ct), k);
      const key = pkcs1Unpad(em, keyLength);
      em.fill(0);
      return key;
    } catch {
      return undefined;
    }
  }

  private paddingOptions(): { padding: number; oaepHash?: string } {
    if (this.padding === 'pkcs1') return { padding: constants.RSA_PKCS1_PADDING };
    return { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: this.padding.slice(5) };
  }
}
