/** Default materials manager: suite choice, signing keys, keyring calls and checks (spec: framework/default-cmm.md). */
import { SdkError } from '../errors.js';
import { PUBLIC_KEY_FIELD, type EncryptionContext } from '../format/context.js';
import { generateSigningKey, verificationKey } from '../format/signature.js';
import type { DecryptionMaterials, DecryptionRequest, EncryptionMaterials, EncryptionRequest, Keyring, MaterialsManager } from '../materials.js';
import { assertDecryptAllowed, assertEncryptAllowed, defaultSuite } from '../policy.js';

/** Wraps a keyring; every encrypt/decrypt with a plain keyring goes through one of these. */
export class DefaultMaterialsManager implements MaterialsManager {
  constructor(readonly keyring: Keyring) {}

  /** Picks the suite, adds the signing key's public half to the EC, and asks the keyring for keys. */
  async getEncryptionMaterials(req: EncryptionRequest): Promise<EncryptionMaterials> {
    const suite = req.suite ?? defaultSuite(req.commitmentPolicy);
    assertEncryptAllowed(req.commitmentPolicy, suite);
    const ec: EncryptionContext = { ...req.encryptionContext };
    if (Object.hasOwn(ec, PUBLIC_KEY_FIELD)) throw new SdkError('EncryptionContext', `encryption context must not contain ${PUBLIC_KEY_FIELD}`);
    const signing = suite.signature ? generateSigningKey(suite) : undefined;
    if (signing) ec[PUBLIC_KEY_FIELD] = signing.publicKeyBase64; // spec: default-cmm.md, signed suites
    const m = await this.keyring.onEncrypt({ suite, encryptionContext: ec, encryptedDataKeys: [], signingKey: signing?.privateKey });
    if (!m.plaintextDataKey || m.plaintextDataKey.length !== suite.keyLength) throw new SdkError('KeyringError', 'keyring returned no usable data key');
    if (m.encryptedDataKeys.length === 0) throw new SdkError('KeyringError', 'keyring returned no encrypted data key');
    return m;
  }

  /** Checks the EC against the suite, unwraps a data key and builds the verification key. */
  async decryptMaterials(req: DecryptionRequest): Promise<DecryptionMaterials> {
    assertDecryptAllowed(req.commitmentPolicy, req.suite);
    const publicKey = req.encryptionContext[PUBLIC_KEY_FIELD];
    // spec: default-cmm.md, a signed suite needs the key and an unsigned one must not carry it
    if (req.suite.signature && publicKey === undefined) throw new SdkError('MalformedMessage', `signed suite without ${PUBLIC_KEY_FIELD}`);
    if (!req.suite.signature && publicKey !== undefined) throw new SdkError('MalformedMessage', `unsigned suite with ${PUBLIC_KEY_FIELD}`);
    const vk = publicKey === undefined ? undefined : verificationKey(req.suite, publicKey);
    const m = await this.keyring.onDecrypt({ suite: req.suite, encryptionContext: req.encryptionContext, verificationKey: vk }, req.encryptedDataKeys);
    if (!m.plaintextDataKey) {
      const providers = [...new Set(req.encryptedDataKeys.map((k) => k.providerId))].join(', ');
      throw new SdkError('NoDecryptableKey', `none of the configured keys could decrypt a data key (message keys from: ${providers})`);
    }
    return m;
  }
}
