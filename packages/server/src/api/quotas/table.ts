/**
 * AWS KMS request quotas ("Request quotas" in the AWS KMS Developer Guide): the default figures per
 * account and region, named as Service Quotas names them, and which quota a request counts against.
 */

/** Shared quota of cryptographic operations on symmetric keys (HMAC keys and GenerateRandom included). */
export const SYMMETRIC = 'Cryptographic operations (symmetric) request rate';
/** Shared quota of cryptographic operations on RSA keys. */
export const RSA = 'Cryptographic operations (RSA) request rate';
/** Shared quota of cryptographic operations on ECC and SM2 keys. */
export const ECC = 'Cryptographic operations (ECC and SM2) request rate';
/** Shared quota of cryptographic operations on ML-DSA keys. */
export const ML_DSA = 'Cryptographic operations (ML-DSA) request rate';

/** The symmetric quota varies with the region: 10,000/s by default, more in the largest regions. */
const SYMMETRIC_BY_REGION: Record<string, number> = {
  'us-east-1': 100_000, 'us-west-2': 100_000, 'eu-west-1': 100_000,
  'us-east-2': 20_000, 'ap-southeast-1': 20_000, 'ap-southeast-2': 20_000, 'ap-northeast-1': 20_000, 'eu-central-1': 20_000, 'eu-west-2': 20_000,
};
const SYMMETRIC_DEFAULT_RATE = 10_000;

/** Per-operation quotas of the management operations (requests per second). */
const PER_OPERATION: Record<string, number> = {
  CancelKeyDeletion: 5, ConnectCustomKeyStore: 5, CreateAlias: 5, CreateCustomKeyStore: 5, CreateGrant: 50, CreateKey: 5,
  DeleteAlias: 15, DeleteCustomKeyStore: 5, DeleteImportedKeyMaterial: 15, DescribeCustomKeyStores: 5, DescribeKey: 2000,
  DisableKey: 5, DisableKeyRotation: 5, DisconnectCustomKeyStore: 5, EnableKey: 5, EnableKeyRotation: 15, GetKeyLastUsage: 5,
  GetKeyPolicy: 1000, GetKeyRotationStatus: 1000, GetParametersForImport: 1, GetPublicKey: 2000, ImportKeyMaterial: 15,
  ListAliases: 500, ListGrants: 100, ListKeyPolicies: 100, ListKeys: 500, ListKeyRotations: 100, ListResourceTags: 2000,
  ListRetirableGrants: 100, PutKeyPolicy: 15, ReplicateKey: 5, RetireGrant: 50, RevokeGrant: 50, RotateKeyOnDemand: 5,
  ScheduleKeyDeletion: 15, TagResource: 10, UntagResource: 5, UpdateAlias: 5, UpdateCustomKeyStore: 5, UpdateKeyDescription: 5,
  UpdatePrimaryRegion: 5,
};

/** GenerateDataKeyPair and …WithoutPlaintext share one quota per key pair spec, apart from the crypto quotas. */
const KEY_PAIR: Record<string, number> = {
  RSA_2048: 20, RSA_3072: 4, RSA_4096: 1, ECC_NIST_P256: 100, ECC_NIST_P384: 100, ECC_NIST_P521: 100, ECC_SECG_P256K1: 100,
  ECC_NIST_EDWARDS25519: 100, SM2: 25,
};

/** The Service Quotas name of the key pair quota of one spec. */
function keyPairQuota(spec: string): string {
  return spec === 'SM2' ? 'GenerateDataKeyPair (SM2 — China Regions only) request rate' : `GenerateDataKeyPair (${spec}) request rate`;
}

const AWS_RATES = new Map<string, number>([
  [RSA, 1000], [ECC, 1000], [ML_DSA, 1000],
  ...Object.entries(PER_OPERATION).map(([op, rate]) => [`${op} request rate`, rate] as [string, number]),
  ...Object.entries(KEY_PAIR).map(([spec, rate]) => [keyPairQuota(spec), rate] as [string, number]),
]);

/** Every quota name Trent knows (the names a quota file may set). */
export const QUOTA_NAMES: ReadonlySet<string> = new Set([SYMMETRIC, ...AWS_RATES.keys()]);

/** AWS's default figure (requests per second) of a quota in a region. */
export function awsRate(name: string, region: string): number | undefined {
  if (name === SYMMETRIC) return SYMMETRIC_BY_REGION[region] ?? SYMMETRIC_DEFAULT_RATE;
  return AWS_RATES.get(name);
}

/** Which key family an algorithm name implies: the algorithm is a request parameter, so no key lookup is needed. */
const BY_ALGORITHM: Record<string, string> = {
  SYMMETRIC_DEFAULT: SYMMETRIC, RSAES_OAEP_SHA_1: RSA, RSAES_OAEP_SHA_256: RSA, SM2PKE: ECC, SM2DSA: ECC,
  RSASSA_PSS_SHA_256: RSA, RSASSA_PSS_SHA_384: RSA, RSASSA_PSS_SHA_512: RSA,
  RSASSA_PKCS1_V1_5_SHA_256: RSA, RSASSA_PKCS1_V1_5_SHA_384: RSA, RSASSA_PKCS1_V1_5_SHA_512: RSA,
  ECDSA_SHA_256: ECC, ECDSA_SHA_384: ECC, ECDSA_SHA_512: ECC, ED25519_SHA_512: ECC, ED25519_PH_SHA_512: ECC,
  ML_DSA_SHAKE_256: ML_DSA,
};

const ALWAYS_SYMMETRIC = new Set(['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'GenerateRandom']);

/** One constant list per answer, so that counting a request allocates nothing. */
const LISTS = new Map<string, readonly string[]>([...QUOTA_NAMES].map((n) => [n, Object.freeze([n])]));
const NONE: readonly string[] = [];
const one = (name: string) => LISTS.get(name) ?? NONE;
const PER_OPERATION_LISTS = new Map(Object.keys(PER_OPERATION).map((op) => [op, one(`${op} request rate`)]));
const KEY_PAIR_LISTS = new Map(Object.keys(KEY_PAIR).map((spec) => [spec, one(keyPairQuota(spec))]));
const familyOf = (algorithm: string | undefined, fallback: string) => BY_ALGORITHM[algorithm ?? 'SYMMETRIC_DEFAULT'] ?? fallback;

/** The quota(s) one validated request counts against; empty when no quota applies. */
export function quotasOf(operation: string, input: Record<string, any>): readonly string[] {
  if (ALWAYS_SYMMETRIC.has(operation)) return one(SYMMETRIC);
  switch (operation) {
    case 'Encrypt': case 'Decrypt': return one(familyOf(input.EncryptionAlgorithm, SYMMETRIC));
    case 'Sign': case 'Verify': return one(familyOf(input.SigningAlgorithm, RSA));
    case 'DeriveSharedSecret': return one(ECC);
    case 'ReEncrypt': {
      // Decrypting under one key and encrypting under another: each family's quota counts it once.
      const from = familyOf(input.SourceEncryptionAlgorithm, SYMMETRIC);
      const to = familyOf(input.DestinationEncryptionAlgorithm, SYMMETRIC);
      return from === to ? one(from) : [from, to];
    }
    case 'GenerateDataKeyPair': case 'GenerateDataKeyPairWithoutPlaintext': return KEY_PAIR_LISTS.get(input.KeyPairSpec) ?? NONE;
    default: return PER_OPERATION_LISTS.get(operation) ?? NONE;
  }
}
