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
  /** Key parameters for the crypto layer: RSA modulus bits, OpenSSL curve name, HMAC hash and key bytes, ML-DSA parameter set. */
  readonly params?: KeyParams;
}

/** What the crypto layer needs to make or check a key of one spec. */
export interface KeyParams {
  readonly bits?: number;
  readonly curve?: string;
  readonly hash?: string;
  /** HMAC: generated key length, and the range AWS accepts for imported keys. */
  readonly keyBytes?: number;
  readonly importBytes?: readonly [number, number];
  readonly mldsa?: 'ml_dsa44' | 'ml_dsa65' | 'ml_dsa87';
}

const RSA_SIGN = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
const RSA_ENCRYPT = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
const rsa = (bits: number): KeySpecInfo => ({ family: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryptionAlgorithms: RSA_ENCRYPT, signingAlgorithms: RSA_SIGN, params: { bits } });
const nist = (alg: string, curve: string): KeySpecInfo => ({ family: 'ecc', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signingAlgorithms: [alg], keyAgreementAlgorithms: ['ECDH'], params: { curve } });
// AWS generates HMAC keys as long as the digest and imports keys from that length up to the hash's block size.
const hmac = (bits: number, block: number): KeySpecInfo => ({
  family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], macAlgorithms: [`HMAC_SHA_${bits}`],
  params: { hash: `sha${bits}`, keyBytes: bits / 8, importBytes: [bits / 8, block] },
});
const mldsa = (set: 'ml_dsa44' | 'ml_dsa65' | 'ml_dsa87'): KeySpecInfo => ({ family: 'mldsa', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ML_DSA_SHAKE_256'], params: { mldsa: set } });

/** Every KeySpec of the AWS KMS model. */
export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', usages: ['ENCRYPT_DECRYPT'], encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: nist('ECDSA_SHA_256', 'prime256v1'),
  ECC_NIST_P384: nist('ECDSA_SHA_384', 'secp384r1'),
  ECC_NIST_P521: nist('ECDSA_SHA_512', 'secp521r1'),
  ECC_SECG_P256K1: { family: 'ecc', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ECDSA_SHA_256'], params: { curve: 'secp256k1' } },
  ECC_NIST_EDWARDS25519: { family: 'ed25519', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] },
  HMAC_224: hmac(224, 64),
  HMAC_256: hmac(256, 64),
  HMAC_384: hmac(384, 128),
  HMAC_512: hmac(512, 128),
  ML_DSA_44: mldsa('ml_dsa44'),
  ML_DSA_65: mldsa('ml_dsa65'),
  ML_DSA_87: mldsa('ml_dsa87'),
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
