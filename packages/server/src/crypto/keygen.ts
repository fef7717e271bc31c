/**
 * New key material per key family: the bytes Trent seals for a key (a raw AES key for
 * SYMMETRIC_DEFAULT; other families add their generator here as they land).
 */
import { KEY_SPECS, type KeyFamily } from '../keys/key-specs.js';
import { random } from './random.js';
import { fail } from '../api/errors.js';

const GENERATORS: Partial<Record<KeyFamily, (spec: string) => Buffer>> = {
  symmetric: () => random(32),
};

/** True when Trent can make material for this KeySpec. */
export function canGenerate(spec: string): boolean {
  const family = KEY_SPECS[spec]?.family;
  return family !== undefined && GENERATORS[family] !== undefined;
}

/** Fresh material for a KeySpec (the caller seals it and zeroes this buffer). */
export function generateMaterial(spec: string): Buffer {
  return GENERATORS[KEY_SPECS[spec]!.family]!(spec);
}

/** Per family: checks and normalises imported plaintext key material; throws the AWS exception when it does not fit. */
const IMPORTERS: Partial<Record<KeyFamily, (spec: string, material: Buffer) => Buffer>> = {
  symmetric: (_spec, material) => {
    if (material.length !== 32) fail('IncorrectKeyMaterialException', 'Symmetric key material must be 256 bits (32 bytes).');
    return Buffer.from(material);
  },
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
