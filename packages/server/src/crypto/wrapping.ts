/**
 * Wrapping key pairs for key material import (GetParametersForImport) and the unwrapping of
 * material wrapped under them (ImportKeyMaterial). Algorithms as AWS names them:
 *   RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256: RSA-OAEP (MGF1 with the same hash) of the material itself;
 *   RSA_AES_KEY_WRAP_SHA_1 / _SHA_256: RSA-OAEP of an ephemeral AES key ‖ AES key wrap with padding
 *   (RFC 5649) of the material under that AES key.
 */
import { constants, createDecipheriv, createPrivateKey, generateKeyPair, privateDecrypt } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** Raised when wrapped material does not unwrap: one reasonless failure. */
export class UnwrapError extends Error {}

/** How one wrapping algorithm unwraps; `rsaHash` is the OAEP hash. */
interface WrapAlgorithm { rsaHash: 'sha1' | 'sha256'; aesKeyWrap: boolean }

/** The wrapping algorithms Trent accepts (RSAES_PKCS1_V1_5 is retired, as AWS retired it in October 2023). */
export const WRAPPING_ALGORITHMS: Readonly<Record<string, WrapAlgorithm>> = {
  RSAES_OAEP_SHA_1: { rsaHash: 'sha1', aesKeyWrap: false },
  RSAES_OAEP_SHA_256: { rsaHash: 'sha256', aesKeyWrap: false },
  RSA_AES_KEY_WRAP_SHA_1: { rsaHash: 'sha1', aesKeyWrap: true },
  RSA_AES_KEY_WRAP_SHA_256: { rsaHash: 'sha256', aesKeyWrap: true },
};

/** RSA modulus sizes of the WrappingKeySpecs. */
export const WRAPPING_KEY_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** The RFC 5649 cipher per ephemeral AES key length; its IV is RFC 5649's alternative initial value. */
const KWP: Readonly<Record<number, string>> = { 16: 'id-aes128-wrap-pad', 24: 'id-aes192-wrap-pad', 32: 'id-aes256-wrap-pad' };
const KWP_IV = Buffer.from('a65959a6', 'hex');

/** A new RSA wrapping key pair: the public half as DER SubjectPublicKeyInfo, the private half as PKCS#8 DER. */
export async function generateWrappingKeyPair(bits: number): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const pair = await generate('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return { publicKey: pair.publicKey as unknown as Buffer, privateKey: pair.privateKey as unknown as Buffer };
}

function rsaOaepDecrypt(privateKeyDer: Buffer, hash: string, data: Buffer): Buffer {
  const key = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
  return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
}

function aesKeyUnwrap(aesKey: Buffer, wrapped: Buffer): Buffer {
  const cipher = KWP[aesKey.length];
  if (!cipher) throw new UnwrapError('bad AES key length');
  const d = createDecipheriv(cipher, aesKey, KWP_IV);
  return Buffer.concat([d.update(wrapped), d.final()]);
}

/** Unwraps `wrapped` with the wrapping private key (PKCS#8 DER); throws UnwrapError on any failure. */
export function unwrapKeyMaterial(algorithm: string, privateKeyDer: Buffer, wrapped: Buffer): Buffer {
  const alg = WRAPPING_ALGORITHMS[algorithm];
  if (!alg) throw new UnwrapError('unknown algorithm');
  let aesKey: Buffer | undefined;
  try {
    if (!alg.aesKeyWrap) return rsaOaepDecrypt(privateKeyDer, alg.rsaHash, wrapped);
    const modulusBytes = (createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (wrapped.length <= modulusBytes) throw new UnwrapError('too short');
    aesKey = rsaOaepDecrypt(privateKeyDer, alg.rsaHash, wrapped.subarray(0, modulusBytes));
    return aesKeyUnwrap(aesKey, wrapped.subarray(modulusBytes));
  } catch (err) {
    throw err instanceof UnwrapError ? err : new UnwrapError('does not unwrap');
  } finally { aesKey?.fill(0); }
}
