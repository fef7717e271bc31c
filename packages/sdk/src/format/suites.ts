/** The 11 ESDK algorithm suites as one descriptor table (ESDK-FORMAT §1). */
import { SdkError } from '../errors.js';

/** One algorithm suite: everything the format, KDF and signer need to know. */
export interface AlgorithmSuite {
  readonly id: number;
  readonly name: string;
  readonly messageFormat: 1 | 2;
  /** Data key and encryption key length in bytes. */
  readonly keyLength: number;
  readonly cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  readonly kdf: 'identity' | 'sha256' | 'sha384' | 'sha512';
  /** Signature algorithm, absent for unsigned suites. */
  readonly signature?: { readonly curve: 'P-256' | 'P-384'; readonly hash: 'sha256' | 'sha384' };
  readonly committing: boolean;
}

/** IV and tag sizes are the same for every suite (ESDK-FORMAT §1). */
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;

const cipherFor = (len: number) => (len === 16 ? 'aes-128-gcm' : len === 24 ? 'aes-192-gcm' : 'aes-256-gcm') as AlgorithmSuite['cipher'];
const bits = (len: number) => String(len * 8);

function v1(id: number, keyLength: number, kdf: AlgorithmSuite['kdf'], signature?: AlgorithmSuite['signature']): AlgorithmSuite {
  const kdfName = kdf === 'identity' ? '' : `_HKDF_${kdf.toUpperCase()}`;
  const sigName = signature ? `_ECDSA_${signature.curve.replace('-', '')}` : '';
  const name = `AES_${bits(keyLength)}_GCM_IV12_TAG16${kdfName}${sigName}`; // the aws-encryption-cli (Python) names
  return Object.freeze({ id, name, messageFormat: 1, keyLength, cipher: cipherFor(keyLength), kdf, signature, committing: false });
}

const P256 = { curve: 'P-256', hash: 'sha256' } as const;
const P384 = { curve: 'P-384', hash: 'sha384' } as const;

/** Every suite by numeric id. */
export const SUITES: ReadonlyMap<number, AlgorithmSuite> = new Map(
  [
    v1(0x0014, 16, 'identity'), v1(0x0046, 24, 'identity'), v1(0x0078, 32, 'identity'),
    v1(0x0114, 16, 'sha256'), v1(0x0146, 24, 'sha256'), v1(0x0178, 32, 'sha256'),
    v1(0x0214, 16, 'sha256', P256), v1(0x0346, 24, 'sha384', P384), v1(0x0378, 32, 'sha384', P384),
    Object.freeze<AlgorithmSuite>({ id: 0x0478, name: 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY', messageFormat: 2, keyLength: 32, cipher: 'aes-256-gcm', kdf: 'sha512', committing: true }),
    Object.freeze<AlgorithmSuite>({ id: 0x0578, name: 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384', messageFormat: 2, keyLength: 32, cipher: 'aes-256-gcm', kdf: 'sha512', signature: P384, committing: true }),
  ].map((s) => [s.id, s]),
);

/** Looks a suite up by id; unknown (or reserved 0x0000) ids are refused. */
export function suiteById(id: number): AlgorithmSuite {
  const s = SUITES.get(id);
  if (!s) throw new SdkError('UnsupportedSuite', `unknown algorithm suite 0x${id.toString(16).padStart(4, '0')}`);
  return s;
}

/** Folds the Python (`AES_256_GCM_…`) and JavaScript (`ALG_AES256_GCM_IV12_TAG16_…`) spellings together. */
const fold = (name: string) => name.toUpperCase().replace(/^ALG_/, '').replace(/_/g, '').replace('IV12TAG16', '');

/** Parses a user-supplied suite: hex id (`0x0578`, `0578`) or suite name (Python or JS SDK spelling). */
export function parseSuite(text: string): AlgorithmSuite {
  const t = text.trim();
  if (/^(0x)?[0-9a-f]{1,4}$/i.test(t)) return suiteById(parseInt(t.replace(/^0x/i, ''), 16));
  for (const s of SUITES.values()) if (fold(s.name) === fold(t)) return s;
  throw new SdkError('UnsupportedSuite', `unknown algorithm suite "${t}"`);
}

/** Formats a suite id as `0x0578`. */
export const suiteHex = (id: number): string => `0x${id.toString(16).padStart(4, '0')}`;
