/**
 * ML-DSA (FIPS 204) through @noble/post-quantum: Node 20's OpenSSL has no ML-DSA. A key is its
 * 32-byte seed (the cleanest private form, FIPS 204 §6.1); the expanded keys are derived once per
 * material and cached. Pure ML-DSA with an empty context, and the external-μ entry point.
 */
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';

const SETS = { ml_dsa44, ml_dsa65, ml_dsa87 } as const;
export type MlDsaSet = keyof typeof SETS;

/** id-ml-dsa-44/65/87 (NIST CSOR 2.16.840.1.101.3.4.3.17–19), DER-encoded with tag and length. */
const OIDS: Record<MlDsaSet, Buffer> = {
  ml_dsa44: Buffer.from('0609608648016503040311', 'hex'),
  ml_dsa65: Buffer.from('0609608648016503040312', 'hex'),
  ml_dsa87: Buffer.from('0609608648016503040313', 'hex'),
};

export const SEED_BYTES = 32;
export const MU_BYTES = 64;

interface Expanded { secretKey: Uint8Array; publicKey: Uint8Array }
const expanded = new WeakMap<Buffer, Expanded>();

function keysOf(set: MlDsaSet, seed: Buffer): Expanded {
  let k = expanded.get(seed);
  if (!k) { k = SETS[set].keygen(seed); expanded.set(seed, k); }
  return k;
}

/** DER length octets. */
function derLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
}

/** SubjectPublicKeyInfo (RFC 5280; algorithm without parameters as the ML-DSA X.509 profile says). */
export function mldsaSpki(set: MlDsaSet, seed: Buffer): Buffer {
  const alg = tlv(0x30, OIDS[set]);
  const bits = tlv(0x03, Buffer.concat([Buffer.from([0]), keysOf(set, seed).publicKey]));
  return tlv(0x30, Buffer.concat([alg, bits]));
}

/** Signs a message (pure ML-DSA, empty context) or, with `externalMu`, a 64-byte μ. */
export function mldsaSign(set: MlDsaSet, seed: Buffer, message: Buffer, externalMu: boolean): Buffer {
  const { secretKey } = keysOf(set, seed);
  const sig = externalMu ? SETS[set].internal.sign(message, secretKey, { externalMu: true }) : SETS[set].sign(message, secretKey);
  return Buffer.from(sig);
}

/** Verifies a signature made by `mldsaSign`. */
export function mldsaVerify(set: MlDsaSet, seed: Buffer, message: Buffer, signature: Buffer, externalMu: boolean): boolean {
  const { publicKey } = keysOf(set, seed);
  try {
    return externalMu ? SETS[set].internal.verify(signature, message, publicKey, { externalMu: true }) : SETS[set].verify(signature, message, publicKey);
  } catch { return false; }
}

/** One DER element at `off`: tag, and where its contents start and end (throws when truncated). */
function readTlv(b: Buffer, off: number): { tag: number; start: number; end: number } {
  const tag = b[off]!;
  let len = b[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) throw new Error('DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | b[start + i]!;
    start += n;
  }
  if (start + len > b.length) throw new Error('DER truncated');
  return { tag, start, end: start + len };
}

/**
 * The seed from imported material: a bare 32-byte seed, or a PKCS#8 OneAsymmetricKey of this
 * parameter set in the seed or both form (RFC 9881). Undefined when it is neither.
 */
export function mldsaSeedFrom(set: MlDsaSet, material: Buffer): Buffer | undefined {
  if (material.length === SEED_BYTES) return Buffer.from(material);
  try {
    const outer = readTlv(material, 0);
    const version = readTlv(material, outer.start);
    const alg = readTlv(material, version.end);
    if (outer.tag !== 0x30 || version.tag !== 0x02 || alg.tag !== 0x30) return undefined;
    if (!material.subarray(alg.start, alg.end).equals(OIDS[set])) return undefined;
    const priv = readTlv(material, alg.end);
    if (priv.tag !== 0x04) return undefined;
    let inner = readTlv(material, priv.start);
    if (inner.tag === 0x30) inner = readTlv(material, inner.start); // both form: SEQUENCE { seed, expandedKey }
    if ((inner.tag !== 0x80 && inner.tag !== 0x04) || inner.end - inner.start !== SEED_BYTES) return undefined;
    return Buffer.from(material.subarray(inner.start, inner.end));
  } catch { return undefined; }
}

/** The PKCS#8 seed form of an ML-DSA key (what GenerateDataKeyPair would hand out, and tests import). */
export function mldsaPkcs8(set: MlDsaSet, seed: Buffer): Buffer {
  const version = Buffer.from('020100', 'hex');
  const alg = tlv(0x30, OIDS[set]);
  const priv = tlv(0x04, tlv(0x80, seed));
  return tlv(0x30, Buffer.concat([version, alg, priv]));
}
