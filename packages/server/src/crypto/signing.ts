/**
 * The SigningAlgorithmSpec table: how each algorithm signs, which MessageTypes it takes and how
 * long a DIGEST must be. RAW messages go whole to OpenSSL where it has the algorithm (RSA, ECDSA,
 * Ed25519); otherwise they are hashed here and signed exactly as a DIGEST is. A DIGEST is never hashed again.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { fail } from '../api/errors.js';
import { KEY_SPECS } from '../keys/key-specs.js';
import { privateKeyOf } from './asym-keys.js';
import { ecdsaSignDigest, ecdsaSignMessage, ecdsaVerifyDigest, ecdsaVerifyMessage, ed25519phSignDigest, ed25519phVerifyDigest, ed25519Sign, ed25519Verify } from './curves.js';
import { MU_BYTES, mldsaSign, mldsaVerify } from './mldsa.js';
import { pkcs1SignDigest, pkcs1VerifyDigest, pssSignDigest, pssVerifyDigest, rsaSignMessage, rsaVerifyMessage } from './rsa.js';

export type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU';

interface DigestSigner {
  sign(key: KeyObject, hash: string, digest: Buffer): Buffer;
  verify(key: KeyObject, hash: string, digest: Buffer, sig: Buffer): boolean;
}

const PSS: DigestSigner = { sign: pssSignDigest, verify: pssVerifyDigest };
const PKCS1: DigestSigner = { sign: pkcs1SignDigest, verify: pkcs1VerifyDigest };
const ECDSA: DigestSigner = { sign: (k, _h, d) => ecdsaSignDigest(k, d), verify: (k, _h, d, s) => ecdsaVerifyDigest(k, d, s) };
const ED25519PH: DigestSigner = { sign: (k, _h, d) => ed25519phSignDigest(k, d), verify: (k, _h, d, s) => ed25519phVerifyDigest(k, d, s) };

/** The same over a whole message, where OpenSSL does the hashing and signing in one (RSA, ECDSA). */
const PSS_RAW: DigestSigner = { sign: (k, h, m) => rsaSignMessage(true, k, h, m), verify: (k, h, m, s) => rsaVerifyMessage(true, k, h, m, s) };
const PKCS1_RAW: DigestSigner = { sign: (k, h, m) => rsaSignMessage(false, k, h, m), verify: (k, h, m, s) => rsaVerifyMessage(false, k, h, m, s) };
const ECDSA_RAW: DigestSigner = { sign: ecdsaSignMessage, verify: ecdsaVerifyMessage };

/** One signing algorithm: a digest signer with its hash (and optionally a whole-message one), or a whole-message scheme (pure Ed25519, ML-DSA). */
interface SigningAlgorithm { hash?: string; digest?: DigestSigner; raw?: DigestSigner; pure?: 'ed25519' | 'mldsa' }

const ALGORITHMS: Readonly<Record<string, SigningAlgorithm>> = {
  RSASSA_PSS_SHA_256: { hash: 'sha256', digest: PSS, raw: PSS_RAW },
  RSASSA_PSS_SHA_384: { hash: 'sha384', digest: PSS, raw: PSS_RAW },
  RSASSA_PSS_SHA_512: { hash: 'sha512', digest: PSS, raw: PSS_RAW },
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', digest: PKCS1, raw: PKCS1_RAW },
  RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', digest: PKCS1, raw: PKCS1_RAW },
  RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', digest: PKCS1, raw: PKCS1_RAW },
  ECDSA_SHA_256: { hash: 'sha256', digest: ECDSA, raw: ECDSA_RAW },
  ECDSA_SHA_384: { hash: 'sha384', digest: ECDSA, raw: ECDSA_RAW },
  ECDSA_SHA_512: { hash: 'sha512', digest: ECDSA, raw: ECDSA_RAW },
  ED25519_PH_SHA_512: { hash: 'sha512', digest: ED25519PH },
  ED25519_SHA_512: { pure: 'ed25519' },
  ML_DSA_SHAKE_256: { pure: 'mldsa' },
};

const DIGEST_BYTES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** What the signature is computed over: the digest (hashed here for RAW) or the whole message / μ. */
function prepare(algorithm: string, a: SigningAlgorithm, message: Buffer, type: MessageType): Buffer {
  if (a.digest) {
    if (type === 'EXTERNAL_MU') fail('ValidationException', `MessageType EXTERNAL_MU is not valid for signing algorithm ${algorithm}.`);
    if (type === 'RAW') return a.raw ? message : createHash(a.hash!).update(message).digest();
    if (message.length !== DIGEST_BYTES[a.hash!]) fail('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
    return message;
  }
  if (type === 'DIGEST') fail('ValidationException', `MessageType DIGEST is not valid for signing algorithm ${algorithm}.`);
  if (type === 'EXTERNAL_MU' && a.pure !== 'mldsa') fail('ValidationException', `MessageType EXTERNAL_MU is not valid for signing algorithm ${algorithm}.`);
  if (type === 'EXTERNAL_MU' && message.length !== MU_BYTES) fail('ValidationException', `An EXTERNAL_MU message must be ${MU_BYTES} bytes.`);
  return message;
}

/** Signs `message` with the key's material; the caller checked the algorithm fits the key. */
export function signMessage(spec: string, material: Buffer, algorithm: string, message: Buffer, type: MessageType): Buffer {
  const a = ALGORITHMS[algorithm]!;
  const input = prepare(algorithm, a, message, type);
  if (a.pure === 'mldsa') return mldsaSign(KEY_SPECS[spec]!.params!.mldsa!, material, input, type === 'EXTERNAL_MU');
  const key = privateKeyOf(material);
  if (a.pure === 'ed25519') return ed25519Sign(key, input);
  return (type === 'RAW' && a.raw ? a.raw : a.digest!).sign(key, a.hash!, input);
}

/** True when `signature` is valid for `message` under the key's public key. */
export function verifyMessage(spec: string, material: Buffer, algorithm: string, message: Buffer, type: MessageType, signature: Buffer): boolean {
  const a = ALGORITHMS[algorithm]!;
  const input = prepare(algorithm, a, message, type);
  if (a.pure === 'mldsa') return mldsaVerify(KEY_SPECS[spec]!.params!.mldsa!, material, input, signature, type === 'EXTERNAL_MU');
  const key = privateKeyOf(material);
  if (a.pure === 'ed25519') return ed25519Verify(key, input, signature);
  return (type === 'RAW' && a.raw ? a.raw : a.digest!).verify(key, a.hash!, input, signature);
}
