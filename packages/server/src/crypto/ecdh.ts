/** ECDH (SP 800-56A cofactor Diffie-Hellman on the NIST curves) between a KMS key and a caller's public key. */
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { privateKeyOf } from './asym-keys.js';

/** Parses a DER SubjectPublicKeyInfo of an EC key; undefined when it is malformed or not an EC point on a named curve. */
export function parseEcPublicKey(der: Buffer): { key: KeyObject; curve: string } | undefined {
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return key.asymmetricKeyType === 'ec' && curve ? { key, curve } : undefined;
  } catch { return undefined; }
}

/** The raw shared secret (the x-coordinate, as `openssl pkeyutl -derive` gives it). */
export function ecdhSecret(material: Buffer, peer: KeyObject): Buffer {
  return diffieHellman({ privateKey: privateKeyOf(material), publicKey: peer });
}
