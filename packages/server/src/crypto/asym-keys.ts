/**
 * Asymmetric and HMAC key material: generation, validation of imported material, parsed-key
 * caching and public keys. Sealed forms: PKCS#8 DER (RSA, ECC, Ed25519), the 32-byte seed
 * (ML-DSA), raw key bytes (HMAC).
 */
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { fail } from '../api/errors.js';
import { KEY_SPECS, type KeyParams } from '../keys/key-specs.js';
import { mldsaSeedFrom, mldsaSpki, SEED_BYTES } from './mldsa.js';
import { random } from './random.js';

const genPair = promisify(generateKeyPair);
const PKCS8 = { type: 'pkcs8', format: 'der' } as const;
const parsed = new WeakMap<Buffer, KeyObject>();
const publics = new WeakMap<Buffer, Buffer>();

function paramsOf(spec: string): KeyParams {
  return KEY_SPECS[spec]?.params ?? {};
}

/** The parsed private key of PKCS#8 material, parsed once per cached material buffer. */
export function privateKeyOf(material: Buffer): KeyObject {
  let k = parsed.get(material);
  if (!k) { k = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }); parsed.set(material, k); }
  return k;
}

type PairType = 'rsa' | 'ec' | 'ed25519';
const PAIR_TYPE: Record<string, PairType> = { rsa: 'rsa', ecc: 'ec', ed25519: 'ed25519' };

/** generateKeyPair arguments for a spec: PKCS#8 DER private key, RSA with e = 65537, EC on the spec's named curve. */
function pairArgs(spec: string): [PairType, Record<string, unknown>] {
  const p = paramsOf(spec);
  const encodings = { privateKeyEncoding: PKCS8, publicKeyEncoding: { type: 'spki', format: 'der' } };
  const type = PAIR_TYPE[KEY_SPECS[spec]!.family]!;
  const shape = type === 'rsa' ? { modulusLength: p.bits, publicExponent: 0x10001 } : type === 'ec' ? { namedCurve: p.curve } : {};
  return [type, { ...shape, ...encodings }];
}

/** A new PKCS#8 DER private key, made off the event loop (RSA takes seconds). */
export async function generatePkcs8(spec: string): Promise<Buffer> {
  const [type, options] = pairArgs(spec);
  return (await genPair(type as 'rsa', options as never) as unknown as { privateKey: Buffer }).privateKey;
}

/** The same, synchronously (for callers that cannot wait; blocks the worker for RSA). */
export function generatePkcs8Sync(spec: string): Buffer {
  const [type, options] = pairArgs(spec);
  return (generateKeyPairSync(type as 'rsa', options as never) as unknown as { privateKey: Buffer }).privateKey;
}

/** Raw HMAC key of the spec's digest length. */
export function generateHmacKey(spec: string): Buffer {
  return random(paramsOf(spec).keyBytes!);
}

/** A fresh ML-DSA seed. */
export function generateMlDsaSeed(): Buffer {
  return random(SEED_BYTES);
}

/** Describes a parsed key so it can be compared with what the spec requires. */
function describe(k: KeyObject): { type: string | undefined; bits?: number; curve?: string } {
  const d = k.asymmetricKeyDetails ?? {};
  return { type: k.asymmetricKeyType, bits: d.modulusLength, curve: d.namedCurve };
}

const WANT: Record<string, (p: KeyParams, d: ReturnType<typeof describe>) => boolean> = {
  rsa: (p, d) => d.type === 'rsa' && d.bits === p.bits,
  ecc: (p, d) => d.type === 'ec' && d.curve === p.curve,
  ed25519: (_p, d) => d.type === 'ed25519',
};

/** Imported asymmetric material must be an unencrypted PKCS#8 DER private key of exactly the spec's type and size. */
export function importPkcs8(spec: string, material: Buffer): Buffer {
  let key: KeyObject;
  try { key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }); } catch {
    return fail('IncorrectKeyMaterialException', 'The key material is not a DER-encoded PKCS#8 private key.');
  }
  if (!WANT[KEY_SPECS[spec]!.family]!(paramsOf(spec), describe(key))) {
    fail('IncorrectKeyMaterialException', `The key material does not match key spec ${spec}.`);
  }
  return Buffer.from(key.export(PKCS8));
}

/** Imported HMAC keys: raw bytes in the length range AWS accepts for the spec. */
export function importHmac(spec: string, material: Buffer): Buffer {
  const [min, max] = paramsOf(spec).importBytes!;
  if (material.length < min || material.length > max) fail('IncorrectKeyMaterialException', `Key material for ${spec} must be between ${min} and ${max} bytes.`);
  return Buffer.from(material);
}

/** Imported ML-DSA keys: the 32-byte seed, bare or in a PKCS#8 seed/both form. */
export function importMlDsa(spec: string, material: Buffer): Buffer {
  const seed = mldsaSeedFrom(paramsOf(spec).mldsa!, material);
  return seed ?? fail('IncorrectKeyMaterialException', `Key material for ${spec} must be a 32-byte ML-DSA seed or a PKCS#8 private key holding one.`);
}

/** The DER SubjectPublicKeyInfo of a key's material (computed once per cached material). */
export function publicKeyDer(spec: string, material: Buffer): Buffer {
  let der = publics.get(material);
  if (!der) {
    const set = paramsOf(spec).mldsa;
    der = set ? mldsaSpki(set, material) : createPublicKey(privateKeyOf(material)).export({ type: 'spki', format: 'der' });
    publics.set(material, der);
  }
  return der;
}
