/**
 * New key material per key family: the bytes Trent seals for a key — a raw AES key for
 * SYMMETRIC_DEFAULT, PKCS#8 DER for RSA/ECC/Ed25519, a 32-byte seed for ML-DSA, raw bytes for HMAC.
 */
import { KEY_SPECS, type KeyFamily } from '../keys/key-specs.js';
import { random } from './random.js';
import { fail } from '../api/errors.js';
import { generateHmacKey, generateMlDsaSeed, generatePkcs8, generatePkcs8Sync, importHmac, importMlDsa, importPkcs8 } from './asym-keys.js';

const GENERATORS: Partial<Record<KeyFamily, (spec: string) => Buffer>> = {
  symmetric: () => random(32),
  rsa: generatePkcs8Sync,
  ecc: generatePkcs8Sync,
  ed25519: generatePkcs8Sync,
  hmac: generateHmacKey,
  mldsa: generateMlDsaSeed,
};

/** Families whose generation is slow enough to be worth moving off the event loop. */
const ASYNC_GENERATORS: Partial<Record<KeyFamily, (spec: string) => Promise<Buffer>>> = {
  rsa: generatePkcs8,
  ecc: generatePkcs8,
  ed25519: generatePkcs8,
};

/** True when Trent can make material for this KeySpec. */
export function canGenerate(spec: string): boolean {
  const family = KEY_SPECS[spec]?.family;
  return family !== undefined && GENERATORS[family] !== undefined;
}

/** Fresh material for a KeySpec (the caller seals it and zeroes this buffer). Prefer generateMaterialAsync on request paths. */
export function generateMaterial(spec: string): Buffer {
  return GENERATORS[KEY_SPECS[spec]!.family]!(spec);
}

/** Fresh material for a KeySpec, with RSA and EC key pairs made off the event loop. */
export async function generateMaterialAsync(spec: string): Promise<Buffer> {
  const family = KEY_SPECS[spec]!.family;
  return (ASYNC_GENERATORS[family] ?? GENERATORS[family]!)(spec);
}

/** Per family: checks and normalises imported plaintext key material; throws the AWS exception when it does not fit. */
const IMPORTERS: Partial<Record<KeyFamily, (spec: string, material: Buffer) => Buffer>> = {
  symmetric: (_spec, material) => {
    if (material.length !== 32) fail('IncorrectKeyMaterialException', 'Symmetric key material must be 256 bits (32 bytes).');
    return Buffer.from(material);
  },
  rsa: importPkcs8,
  ecc: importPkcs8,
  ed25519: importPkcs8,
  hmac: importHmac,
  mldsa: importMlDsa,
};

/** True when key material of this KeySpec can be imported. */
export function canImport(spec: string): boolean {
  const family = KEY_SPECS[spec]?.family;
  return family !== undefined && IMPORTERS[family] !== undefined;
}

/** The material Trent seals for imported plaintext `material` of this KeySpec. */
export function importMaterial(spec: string, material: Buffer): Buffer {
  return IMPORTERS[KEY_SPECS[spec]!.family]!(spec, material);
}
