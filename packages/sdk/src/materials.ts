/** Materials, keyrings and materials managers: the contracts between the message code and key sources (spec: structures.md, keyring-interface.md, cmm-interface.md). */
import type { KeyObject } from 'node:crypto';
import type { EncryptionContext } from './format/context.js';
import type { EncryptedDataKey } from './format/header.js';
import type { AlgorithmSuite } from './format/suites.js';
import type { CommitmentPolicy } from './policy.js';

/** What encrypting one message needs: a data key, its EDKs, the full EC and (signed suites) a signing key. */
export interface EncryptionMaterials {
  readonly suite: AlgorithmSuite;
  readonly encryptionContext: EncryptionContext;
  plaintextDataKey?: Buffer;
  readonly encryptedDataKeys: EncryptedDataKey[];
  readonly signingKey?: KeyObject;
}

/** What decrypting one message needs: the unwrapped data key and (signed suites) the verification key. */
export interface DecryptionMaterials {
  readonly suite: AlgorithmSuite;
  readonly encryptionContext: EncryptionContext;
  plaintextDataKey?: Buffer;
  readonly verificationKey?: KeyObject;
}

/** A keyring generates, wraps and unwraps data keys. */
export interface Keyring {
  /** Adds a data key (when none yet and the keyring can generate) and one EDK per wrapping key. */
  onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials>;
  /** Sets the data key from the first EDK this keyring can unwrap; leaves materials unchanged otherwise. */
  onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials>;
}

/** Request to a materials manager for encryption. */
export interface EncryptionRequest {
  readonly encryptionContext: EncryptionContext;
  readonly commitmentPolicy: CommitmentPolicy;
  readonly suite?: AlgorithmSuite;
  /** Plaintext length when known (the caching CMM needs it to enforce max bytes). */
  readonly plaintextLength?: number;
  readonly maxEncryptedDataKeys?: number;
}

/** Request to a materials manager for decryption. */
export interface DecryptionRequest {
  readonly suite: AlgorithmSuite;
  readonly encryptionContext: EncryptionContext;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  readonly commitmentPolicy: CommitmentPolicy;
}

/** A cryptographic materials manager (CMM): assembles materials, possibly from a cache. */
export interface MaterialsManager {
  getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials>;
  decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials>;
}

/** Tells a keyring from a materials manager (both are accepted by encrypt/decrypt). */
export function isMaterialsManager(x: Keyring | MaterialsManager): x is MaterialsManager {
  return typeof (x as MaterialsManager).getEncryptionMaterials === 'function';
}
