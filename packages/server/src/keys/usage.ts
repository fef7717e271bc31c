/** Guards that a key's usage and spec fit the operation and algorithm asked for. */
import { fail } from '../api/errors.js';
import type { CachedKey } from './cache.js';
import { KEY_SPECS, type KeyUsage } from './key-specs.js';

/** Throws InvalidKeyUsageException unless the key's usage is `usage`. */
export function requireUsage(key: CachedKey, usage: KeyUsage, operation: string): void {
  if (key.row.key_usage !== usage) {
    fail('InvalidKeyUsageException', `${key.row.arn} key usage is ${key.row.key_usage} which is not valid for ${operation}.`);
  }
}

/** Throws InvalidKeyUsageException unless the key's spec supports the encryption algorithm. */
export function requireEncryptionAlgorithm(key: CachedKey, algorithm: string): void {
  if (!KEY_SPECS[key.row.key_spec]?.encryptionAlgorithms?.includes(algorithm)) {
    fail('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.row.key_spec}.`);
  }
}

/** For operations that only symmetric encryption keys can do (data keys, ReEncrypt targets of that kind). */
export function requireSymmetric(key: CachedKey, operation: string): void {
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  if (KEY_SPECS[key.row.key_spec]?.family !== 'symmetric') {
    fail('InvalidKeyUsageException', `${key.row.arn} key spec is ${key.row.key_spec} which is not valid for ${operation}.`);
  }
}

type AlgorithmList = 'signingAlgorithms' | 'macAlgorithms' | 'keyAgreementAlgorithms';
const ALGORITHM_WORD: Record<AlgorithmList, string> = { signingAlgorithms: 'signing algorithm', macAlgorithms: 'MAC algorithm', keyAgreementAlgorithms: 'key agreement algorithm' };

/** Throws InvalidKeyUsageException unless the key's spec lists `algorithm` among its signing, MAC or key-agreement algorithms. */
export function requireAlgorithm(key: CachedKey, list: AlgorithmList, algorithm: string): void {
  if (!KEY_SPECS[key.row.key_spec]?.[list]?.includes(algorithm)) {
    fail('InvalidKeyUsageException', `The ${ALGORITHM_WORD[list]} ${algorithm} is not compatible with key spec ${key.row.key_spec} of ${key.row.arn}.`);
  }
}
