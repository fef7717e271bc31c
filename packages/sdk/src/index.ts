/** @trent/sdk: envelope encryption byte-compatible with the AWS Encryption SDK message format. */
export { SdkError, type SdkErrorCode } from './errors.js';
export { SUITES, suiteById, parseSuite, suiteHex, type AlgorithmSuite } from './format/suites.js';
export { serializeContext, parseContext, type EncryptionContext } from './format/context.js';
export { parseHeader, type MessageHeader, type EncryptedDataKey } from './format/header.js';
export type { Keyring, MaterialsManager, EncryptionMaterials, DecryptionMaterials, EncryptionRequest, DecryptionRequest } from './materials.js';
export { DEFAULT_POLICY, parsePolicy, defaultSuite, type CommitmentPolicy } from './policy.js';
export { RawAesKeyring, type RawAesKeyringOptions } from './keyrings/raw-aes.js';
export { RawRsaKeyring, RSA_PADDINGS, type RawRsaKeyringOptions, type RsaPadding } from './keyrings/raw-rsa.js';
export { MultiKeyring, type MultiKeyringOptions } from './keyrings/multi.js';
export { DefaultMaterialsManager } from './cmm/default.js';
export { MessageEncryptor } from './stream/encryptor.js';
export { MessageDecryptor } from './stream/decryptor.js';
export { encrypt, decrypt, encryptStream, decryptStream, type EncryptResult, type DecryptResult } from './stream/api.js';
export { DEFAULT_FRAME_LENGTH, type ClientOptions, type EncryptOptions, type DecryptOptions } from './stream/options.js';
export { KmsKeyring, KmsDiscoveryKeyring, kmsClientProvider, KMS_PROVIDER_ID, type KmsKeyringOptions, type DiscoveryFilter, type KmsClientProvider } from './keyrings/kms.js';
export { parseKmsArn, type KmsArn } from './keyrings/kms-arn.js';
export { CachingMaterialsManager, type CachingOptions } from './cmm/caching.js';
export { MaterialsCache } from './cmm/cache.js';
