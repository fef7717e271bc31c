/**
 * RSA primitives over OpenSSL's private-key operation: RSAES-OAEP, and signatures over a digest
 * (RFC 8017 EMSA-PKCS1-v1_5 and EMSA-PSS with salt length = digest length, as AWS KMS signs), so a
 * DIGEST message is signed as given and never hashed again.
 */
import { constants, createHash, createPublicKey, privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { random } from './random.js';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<string, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const publicOf = new WeakMap<KeyObject, KeyObject>();
function pub(key: KeyObject): KeyObject {
  let p = publicOf.get(key);
  if (!p) { p = createPublicKey(key); publicOf.set(key, p); }
  return p;
}

function modBytes(key: KeyObject): number {
  return Math.ceil(key.asymmetricKeyDetails!.modulusLength! / 8);
}

/** RSAES-OAEP with `hash` for both OAEP and MGF1; empty label. */
export function oaepEncrypt(key: KeyObject, hash: string, plaintext: Buffer): Buffer {
  return publicEncrypt({ key: pub(key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

/** Opens RSAES-OAEP; undefined for any failure (callers answer one reasonless exception). */
export function oaepDecrypt(key: KeyObject, hash: string, ciphertext: Buffer): Buffer | undefined {
  if (ciphertext.length !== modBytes(key)) return undefined;
  try { return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext); } catch { return undefined; }
}

/** The largest plaintext OAEP with `hashLen` takes under this key (k − 2hLen − 2). */
export function oaepMaxPlaintext(key: KeyObject, hashLen: number): number {
  return modBytes(key) - 2 * hashLen - 2;
}

const DIGEST_BYTES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** OpenSSL's padding options for whole-message signing: PSS with salt = digest length, or PKCS#1 v1.5. */
function paddingOf(pss: boolean, hash: string) {
  return pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_BYTES[hash]! } : { padding: constants.RSA_PKCS1_PADDING };
}

/** RSASSA-PSS (`pss`) or RSASSA-PKCS1-v1_5 over a whole message, entirely in OpenSSL. */
export function rsaSignMessage(pss: boolean, key: KeyObject, hash: string, message: Buffer): Buffer {
  return sign(hash, message, { key, ...paddingOf(pss, hash) });
}

/** Verifies a whole-message RSA signature in OpenSSL (PSS salt length must be the digest length). */
export function rsaVerifyMessage(pss: boolean, key: KeyObject, hash: string, message: Buffer, sig: Buffer): boolean {
  try { return verify(hash, message, { key: pub(key), ...paddingOf(pss, hash) }, sig); } catch { return false; }
}

/** RSASSA-PKCS1-v1_5 over a digest. */
export function pkcs1SignDigest(key: KeyObject, hash: string, digest: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[hash]!, digest]));
}

/** Verifies RSASSA-PKCS1-v1_5 over a digest by comparing the whole encoded DigestInfo. */
export function pkcs1VerifyDigest(key: KeyObject, hash: string, digest: Buffer, sig: Buffer): boolean {
  if (sig.length !== modBytes(key)) return false;
  try {
    const em = publicDecrypt({ key: pub(key), padding: constants.RSA_PKCS1_PADDING }, sig);
    const want = Buffer.concat([DIGEST_INFO[hash]!, digest]);
    return em.length === want.length && timingSafeEqual(em, want);
  } catch { return false; }
}

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: string, seed: Buffer, len: number): Buffer {
  const out: Buffer[] = [];
  const c = Buffer.alloc(4);
  for (let i = 0, n = 0; n < len; i++) {
    c.writeUInt32BE(i);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    n += block.length;
  }
  return Buffer.concat(out).subarray(0, len);
}

function pssHash(hash: string, digest: Buffer, salt: Buffer): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
}

/** RSASSA-PSS over a digest: EMSA-PSS-ENCODE (RFC 8017 §9.1.1), sLen = hLen, MGF1 with the same hash. */
export function pssSignDigest(key: KeyObject, hash: string, digest: Buffer): Buffer {
  const k = modBytes(key);
  const emBits = key.asymmetricKeyDetails!.modulusLength! - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = digest.length;
  const salt = random(hLen);
  const h = pssHash(hash, digest, salt);
  const db = Buffer.alloc(emLen - hLen - 1);
  db[emLen - 2 * hLen - 2] = 0x01;
  salt.copy(db, emLen - 2 * hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([Buffer.alloc(k - emLen), db, h, Buffer.from([0xbc])]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with sLen = hLen. */
export function pssVerifyDigest(key: KeyObject, hash: string, digest: Buffer, sig: Buffer): boolean {
  const k = modBytes(key);
  if (sig.length !== k) return false;
  let em: Buffer;
  try { em = publicDecrypt({ key: pub(key), padding: constants.RSA_NO_PADDING }, sig); } catch { return false; }
  const emBits = key.asymmetricKeyDetails!.modulusLength! - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = digest.length;
  em = em.subarray(em.length - emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if ((db[0]! & ~(0xff >> (8 * emLen - emBits)) & 0xff) !== 0) return false;
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const ps = emLen - 2 * hLen - 2;
  if (db.subarray(0, ps).some((b) => b !== 0) || db[ps] !== 0x01) return false;
  return timingSafeEqual(pssHash(hash, digest, db.subarray(ps + 1)), h);
}

/** The OAEP hash of each RSAES EncryptionAlgorithmSpec, with its length. */
export const OAEP: Readonly<Record<string, { hash: string; bytes: number }>> = {
  RSAES_OAEP_SHA_1: { hash: 'sha1', bytes: 20 },
  RSAES_OAEP_SHA_256: { hash: 'sha256', bytes: 32 },
};
