/** ECDSA message signatures of the signed suites (ESDK-FORMAT §5; spec: message-footer.md). */
import { createPublicKey, ECDH, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SdkError } from '../errors.js';
import type { AlgorithmSuite } from './suites.js';

const OPENSSL_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' } as const;

/** A fresh per-message signing key and its compressed public point, Base64 (spec: default-cmm.md). */
export interface SigningKey { privateKey: KeyObject; publicKeyBase64: string }

/** Generates the ephemeral signing key of a signed suite. */
export function generateSigningKey(suite: AlgorithmSuite): SigningKey {
  const sig = suite.signature!;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: sig.curve });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url'), y = Buffer.from(jwk.y!, 'base64url');
  const compressed = Buffer.concat([Buffer.of(2 + (y[y.length - 1]! & 1)), x]); // SEC1 compressed point
  return { privateKey, publicKeyBase64: compressed.toString('base64') };
}

/** Rebuilds the verification key from the header's `aws-crypto-public-key` value. */
export function verificationKey(suite: AlgorithmSuite, publicKeyBase64: string): KeyObject {
  const sig = suite.signature!;
  try {
    const point = ECDH.convertKey(Buffer.from(publicKeyBase64, 'base64'), OPENSSL_CURVE[sig.curve], undefined, undefined, 'uncompressed') as Buffer;
    const half = (point.length - 1) / 2;
    const jwk = { kty: 'EC', crv: sig.curve, x: point.subarray(1, 1 + half).toString('base64url'), y: point.subarray(1 + half).toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new SdkError('MalformedMessage', 'invalid signature verification key in the encryption context');
  }
}

/** The footer for a DER signature: UInt16 length ‖ signature (spec: message-footer.md). */
export function footerBytes(sig: Buffer): Buffer {
  const out = Buffer.allocUnsafe(2 + sig.length);
  out.writeUInt16BE(sig.length);
  sig.copy(out, 2);
  return out;
}

/** Fails unless the footer signature verified (spec: decrypt.md, verify the signature). */
export function assertSignature(ok: boolean): void {
  if (!ok) throw new SdkError('SignatureInvalid', 'message signature does not verify: the message was altered');
}
