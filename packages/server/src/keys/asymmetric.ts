/**
 * Key-level rules shared by the asymmetric, HMAC and key-agreement operations: the checks a key
 * must pass, its current material, and RSA encryption (Encrypt, Decrypt, ReEncrypt with RSAES_OAEP_*).
 * RSA ciphertexts are raw RSAES-OAEP, as AWS returns them, so anything holding the public key can encrypt.
 */
import { fail } from '../api/errors.js';
import { authorize, type AuthzExtras } from '../auth/authorize.js';
import type { Call, Ctx } from '../context.js';
import { privateKeyOf } from '../crypto/asym-keys.js';
import { OAEP, oaepDecrypt, oaepEncrypt, oaepMaxPlaintext } from '../crypto/rsa.js';
import type { CachedKey } from './cache.js';
import type { KeyUsage } from './key-specs.js';
import { requireState } from './lifecycle.js';
import { resolveKey } from './resolve.js';
import { requireEncryptionAlgorithm, requireUsage } from './usage.js';

type Context = Readonly<Record<string, string>> | undefined;

/** Authorizes `action` (with the request's condition keys in `extras`), then checks the key's usage and state, in AWS's order. */
export function checkKey(ctx: Ctx, call: Call, key: CachedKey, usage: KeyUsage, operation: string, action: string, extras: AuthzExtras = {}): void {
  authorize(ctx, call, action, key, extras);
  requireUsage(key, usage, operation);
  requireState('crypto', key.row.state, key.row.arn);
}

/** The key's current material (asymmetric and HMAC keys have exactly one). */
export function currentMaterial(key: CachedKey): Buffer {
  const id = key.row.current_material_id;
  const material = id ? key.materials.get(id) : undefined;
  return material ?? fail('KMSInvalidStateException', `${key.row.arn} is pending import.`);
}

function checkRsaKey(ctx: Ctx, call: Call, key: CachedKey, algorithm: string, context: Context, operation: string, action: string): Buffer {
  authorize(ctx, call, action, key, { context: { 'kms:EncryptionAlgorithm': algorithm } });
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  requireEncryptionAlgorithm(key, algorithm);
  requireState('crypto', key.row.state, key.row.arn);
  // AWS binds an encryption context only in symmetric ciphertexts; refuse rather than silently drop it.
  if (context && Object.keys(context).length > 0) fail('ValidationException', 'EncryptionContext is not supported with asymmetric KMS keys.');
  return currentMaterial(key);
}

/** RSAES-OAEP encryption under an RSA ENCRYPT_DECRYPT key, within AWS's plaintext limit for the key size. */
export function encryptAsymmetric(ctx: Ctx, call: Call, key: CachedKey, algorithm: string, plaintext: Buffer, context: Context, operation: string, action: string): Buffer {
  const rsa = privateKeyOf(checkRsaKey(ctx, call, key, algorithm, context, operation, action));
  const max = oaepMaxPlaintext(rsa, OAEP[algorithm]!.bytes);
  if (plaintext.length > max) fail('ValidationException', `Plaintext is too long: ${algorithm} with ${key.row.key_spec} encrypts at most ${max} bytes.`);
  return oaepEncrypt(rsa, OAEP[algorithm]!.hash, plaintext);
}

/** Opens an RSAES-OAEP ciphertext: the key must be named (the ciphertext does not say), and every failure is one InvalidCiphertextException. */
export async function decryptAsymmetric(ctx: Ctx, call: Call, keyId: string | undefined, algorithm: string, ciphertext: Buffer, context: Context, operation: string, action: string): Promise<{ key: CachedKey; plaintext: Buffer }> {
  if (keyId === undefined) fail('ValidationException', `KeyId is required to decrypt with encryption algorithm ${algorithm}.`);
  const key = await resolveKey(ctx, call, keyId);
  const rsa = privateKeyOf(checkRsaKey(ctx, call, key, algorithm, context, operation, action));
  const plaintext = oaepDecrypt(rsa, OAEP[algorithm]!.hash, ciphertext);
  return plaintext ? { key, plaintext } : fail('InvalidCiphertextException', 'The ciphertext is invalid or does not match the key and encryption algorithm given.');
}
