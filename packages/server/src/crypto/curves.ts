/**
 * Curve signatures. Whole messages go through OpenSSL (ECDSA, pure Ed25519); Node's OpenSSL binding
 * always hashes, so ECDSA over a given digest (DER, RFC 3279) and Ed25519ph (RFC 8032 §5.1,
 * HashEdDSA, absent from OpenSSL 3.0) go through the audited @noble/curves.
 */
import { sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha512 } from '@noble/hashes/sha2.js';

const CURVES = { prime256v1: p256, secp384r1: p384, secp521r1: p521, secp256k1 } as const;

interface Raw { secret: Uint8Array; public: Uint8Array }
const raws = new WeakMap<KeyObject, Raw>();

/** The private scalar / seed and public key bytes of a parsed key (once per key). */
function rawOf(key: KeyObject): Raw {
  let r = raws.get(key);
  if (!r) {
    const jwk = key.export({ format: 'jwk' });
    const b = (s?: string) => Buffer.from(s ?? '', 'base64url');
    const pubBytes = jwk.kty === 'OKP' ? b(jwk.x) : Buffer.concat([Buffer.from([4]), b(jwk.x), b(jwk.y)]);
    r = { secret: b(jwk.d), public: pubBytes };
    raws.set(key, r);
  }
  return r;
}

function curveOf(key: KeyObject) {
  return CURVES[key.asymmetricKeyDetails!.namedCurve as keyof typeof CURVES]!;
}

/** ECDSA over a whole message with OpenSSL (constant-time scalar multiplication), DER-encoded. */
export function ecdsaSignMessage(key: KeyObject, hash: string, message: Buffer): Buffer {
  return nodeSign(hash, message, { key, dsaEncoding: 'der' });
}

/** Verifies a DER ECDSA signature over a whole message with OpenSSL. */
export function ecdsaVerifyMessage(key: KeyObject, hash: string, message: Buffer, sig: Buffer): boolean {
  try { return nodeVerify(hash, message, { key, dsaEncoding: 'der' }, sig); } catch { return false; }
}

/** ECDSA over a digest, DER-encoded, with hedged nonces (RFC 6979 plus fresh randomness). */
export function ecdsaSignDigest(key: KeyObject, digest: Buffer): Buffer {
  return Buffer.from(curveOf(key).sign(digest, rawOf(key).secret, { prehash: false, format: 'der', lowS: false, extraEntropy: true }));
}

/** Verifies a DER ECDSA signature over a digest (high-S accepted, as OpenSSL does). */
export function ecdsaVerifyDigest(key: KeyObject, digest: Buffer, sig: Buffer): boolean {
  try { return curveOf(key).verify(sig, digest, rawOf(key).public, { prehash: false, format: 'der', lowS: false }); } catch { return false; }
}

/** Pure Ed25519 over the whole message (OpenSSL). */
export function ed25519Sign(key: KeyObject, message: Buffer): Buffer {
  return nodeSign(null, message, key);
}

/** Verifies pure Ed25519 (OpenSSL). */
export function ed25519Verify(key: KeyObject, message: Buffer, sig: Buffer): boolean {
  try { return nodeVerify(null, message, key, sig); } catch { return false; }
}

/** RFC 8032 dom2(1, "") prefix for Ed25519ph. */
function dom2(data: Uint8Array, ctx: Uint8Array, phflag: boolean): Uint8Array {
  const head = Buffer.concat([Buffer.from('SigEd25519 no Ed25519 collisions'), Buffer.from([phflag ? 1 : 0, ctx.length]), ctx]);
  return Buffer.concat([head, data]);
}

function clamp(bytes: Uint8Array): Uint8Array {
  bytes[0]! &= 248; bytes[31]! &= 127; bytes[31]! |= 64;
  return bytes;
}

/** Ed25519ph whose "prehash" is the identity: it signs a SHA-512 digest the caller already made. */
const ed25519phDigest = eddsa(ed25519.Point, sha512, { adjustScalarBytes: clamp, domain: dom2, prehash: (m: Uint8Array) => m });

/** Ed25519ph over a 64-byte SHA-512 digest of the message. */
export function ed25519phSignDigest(key: KeyObject, digest: Buffer): Buffer {
  return Buffer.from(ed25519phDigest.sign(digest, rawOf(key).secret));
}

/** Verifies Ed25519ph over a digest (RFC 8032 rules, not ZIP-215). */
export function ed25519phVerifyDigest(key: KeyObject, digest: Buffer, sig: Buffer): boolean {
  try { return ed25519phDigest.verify(sig, digest, rawOf(key).public, { zip215: false }); } catch { return false; }
}
