/**
 * Descriptor tables for KeySpec and KeyUsage: the one place that knows which usages and
 * algorithms each kind of key has. Nothing else switches on spec strings.
 */

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type KeyFamily = 'symmetric' | 'rsa' | 'ecc' | 'ed25519' | 'hmac' | 'mldsa' | 'sm2';

/** What one KeySpec is and may do. */
export interface KeySpecInfo {
  readonly family: KeyFamily;
  /** The usages CreateKey accepts with this spec; the first is the default where one exists. */
  readonly usages: readonly KeyUsage[];
  readonly encryptionAlgorithms?: readonly string[];
  readonly signingAlgorithms?: readonly string[];
  readonly macAlgorithms?: readonly string[];
  readonly keyAgreementAlgorithms?: readonly string[];
  /** True when the spec can only be created in China Regions (SM2). */
  readonly chinaOnly?: boolean;
}

const RSA_SIGN = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
const RSA_ENCRYPT = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
const rsa: KeySpecInfo = { family: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryptionAlgorithms: RSA_ENCRYPT, signingAlgorithms: RSA_SIGN };
const nist = (alg: string): KeySpecInfo => ({ family: 'ecc', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signingAlgorithms: [alg], keyAgreementAlgorithms: ['ECDH'] });
const hmac = (alg: string): KeySpecInfo => ({ family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macAlgorithms: [alg] });
const mldsa: KeySpecInfo = { family: 'mldsa', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ML_DSA_SHAKE_256'] };

/** Every KeySpec of the AWS KMS model. */
export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', usages: ['ENCRYPT_DECRYPT'], encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: rsa,
  RSA_3072: rsa,
  RSA_4096: rsa,
  ECC_NIST_P256: nist('ECDSA_SHA_256'),
  ECC_NIST_P384: nist('ECDSA_SHA_384'),
  ECC_NIST_P521: nist('ECDSA_SHA_512'),
  ECC_SECG_P256K1: { family: 'ecc', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ECDSA_SHA_256'] },
  ECC_NIST_EDWARDS25519: { family: 'ed25519', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] },
  HMAC_224: hmac('HMAC_SHA_224'),
  HMAC_256: hmac('HMAC_SHA_256'),
  HMAC_384: hmac('HMAC_SHA_384'),
  HMAC_512: hmac('HMAC_SHA_512'),
  ML_DSA_44: mldsa,
  ML_DSA_65: mldsa,
  ML_DSA_87: mldsa,
  SM2: { family: 'sm2', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'], encryptionAlgorithms: ['SM2PKE'], signingAlgorithms: ['SM2DSA'], keyAgreementAlgorithms: ['ECDH'], chinaOnly: true },
};

/** The algorithm lists DescribeKey shows for a key of this spec and usage. */
export function algorithmsFor(spec: string, usage: string): {
  EncryptionAlgorithms?: readonly string[]; SigningAlgorithms?: readonly string[];
  MacAlgorithms?: readonly string[]; KeyAgreementAlgorithms?: readonly string[];
} {
  const info = KEY_SPECS[spec];
  if (!info) return {};
  switch (usage as KeyUsage) {
    case 'ENCRYPT_DECRYPT': return { EncryptionAlgorithms: info.encryptionAlgorithms };
    case 'SIGN_VERIFY': return { SigningAlgorithms: info.signingAlgorithms };
    case 'GENERATE_VERIFY_MAC': return { MacAlgorithms: info.macAlgorithms };
    case 'KEY_AGREEMENT': return { KeyAgreementAlgorithms: info.keyAgreementAlgorithms };
  }
}

/** True for the spec SYMMETRIC_DEFAULT (AES-256-GCM keys that encrypt and make data keys). */
export function isSymmetricEncryption(spec: string): boolean {
  return KEY_SPECS[spec]?.family === 'symmetric';
}
