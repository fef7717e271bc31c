/**
 * New key material per key family: the bytes Trent seals for a key (a raw AES key for
 * SYMMETRIC_DEFAULT; other families add their generator here as they land).
 */
import { KEY_SPECS, type KeyFamily } from '../keys/key-specs.js';
import { random } from './random.js';

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
