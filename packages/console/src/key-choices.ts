/** The Configure key step's choices, as AWS's console offers them: key type → key usages → key specs. */

export type KeyType = 'SYMMETRIC' | 'ASYMMETRIC' | 'HMAC';

interface Usage { value: string; label: string; specs: string[] }

const RSA = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
const ECC = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'];

/** Per key type, the usages it allows and, per usage, the key specs (the first is the default). */
export const KEY_TYPES: Record<KeyType, { label: string; detail: string; usages: Usage[] }> = {
  SYMMETRIC: {
    label: 'Symmetric', detail: 'A single key used for encrypting and decrypting data or generating and verifying HMAC codes',
    usages: [{ value: 'ENCRYPT_DECRYPT', label: 'Encrypt and decrypt', specs: ['SYMMETRIC_DEFAULT'] }],
  },
  ASYMMETRIC: {
    label: 'Asymmetric', detail: 'A public and private key pair used for encrypting and decrypting data, signing and verifying messages, or deriving shared secrets',
    usages: [
      { value: 'ENCRYPT_DECRYPT', label: 'Encrypt and decrypt', specs: RSA },
      { value: 'SIGN_VERIFY', label: 'Sign and verify', specs: [...RSA, ...ECC, 'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] },
      { value: 'KEY_AGREEMENT', label: 'Key agreement', specs: ECC },
    ],
  },
  HMAC: {
    label: 'HMAC', detail: 'A symmetric key used for generating and verifying HMAC codes',
    usages: [{ value: 'GENERATE_VERIFY_MAC', label: 'Generate and verify MAC', specs: ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] }],
  },
};

/** Everything the wizard collects; CreateKey and CreateAlias are made from it at Finish. */
export interface KeyChoices {
  type: KeyType; usage: string; spec: string;
  origin: 'AWS_KMS' | 'EXTERNAL'; understood: boolean; multiRegion: boolean;
  alias: string; description: string; tags: { TagKey: string; TagValue: string }[];
}

/** AWS's defaults: a symmetric encryption key, KMS origin, single-Region. */
export function initialChoices(): KeyChoices {
  return { type: 'SYMMETRIC', usage: 'ENCRYPT_DECRYPT', spec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', understood: false, multiRegion: false, alias: '', description: '', tags: [] };
}

/** AWS's default key policy for `account`, which CreateKey without a Policy gives the key. */
export function defaultPolicy(account: string): string {
  return JSON.stringify({
    Version: '2012-10-17', Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  }, null, 2);
}
