/** Encrypting under, and opening blobs of, SYMMETRIC_DEFAULT keys: shared by Encrypt, Decrypt, ReEncrypt and data keys. */
import { fail } from '../api/errors.js';
import { authorize } from '../auth/authorize.js';
import type { Call, Ctx } from '../context.js';
import { BadCiphertext, openBlob, parseBlobHeader, sealBlob } from '../crypto/blob.js';
import { keyArn } from './arn.js';
import type { CachedKey } from './cache.js';
import { isSymmetricEncryption } from './key-specs.js';
import { requireState } from './lifecycle.js';
import { noteKey, resolveKey } from './resolve.js';
import { requireEncryptionAlgorithm, requireSymmetric } from './usage.js';

type Context = Readonly<Record<string, string>> | undefined;
const INVALID = 'The ciphertext is invalid or does not match the key and encryption context given.';

/** Encrypts with the key's current material. The key must already be authorized and Enabled. */
export function encryptUnder(key: CachedKey, plaintext: Buffer, context: Context): { blob: Buffer; materialId: string } {
  const materialId = key.row.current_material_id;
  const material = materialId ? key.materials.get(materialId) : undefined;
  if (!materialId || !material) return fail('KMSInvalidStateException', `${key.row.arn} is pending import.`);
  return { blob: sealBlob(key.row.id, materialId, material, plaintext, context), materialId };
}

/** Checks everything a symmetric encryption needs of a key for `operation`. */
export function checkEncryptKey(call: Call, ctx: Ctx, key: CachedKey, operation: string, action: string, context: Context, algorithm = 'SYMMETRIC_DEFAULT'): void {
  authorize(ctx, call, action, key, { encryptionContext: context ?? {}, context: { 'kms:EncryptionAlgorithm': algorithm } });
  requireSymmetric(key, operation);
  requireEncryptionAlgorithm(key, algorithm);
  requireState('crypto', key.row.state, key.row.arn);
}

/** The result of opening a ciphertext blob. */
export interface Opened { key: CachedKey; plaintext: Buffer; materialId: string }

/**
 * Opens a blob made by `encryptUnder`: the key comes from the blob; a `keyIdParam` that names
 * another key is IncorrectKeyException; every authentication failure is one InvalidCiphertextException.
 */
export async function openCiphertext(ctx: Ctx, call: Call, blob: Buffer, context: Context, keyIdParam: string | undefined, operation: string, action: string, algorithm = 'SYMMETRIC_DEFAULT'): Promise<Opened> {
  // A named key that cannot open symmetric blobs (RSA, HMAC…) is refused as AWS does, before the blob is read.
  const named = keyIdParam === undefined ? undefined : await resolveKey(ctx, call, keyIdParam);
  if (named && !isSymmetricEncryption(named.row.key_spec)) checkEncryptKey(call, ctx, named, operation, action, context, algorithm);
  let header;
  try { header = parseBlobHeader(blob); } catch { return fail('InvalidCiphertextException', INVALID); }
  if (named && named.row.id !== header.keyId) fail('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
  const key = await ctx.keys.get(header.keyId);
  if (!key || key.row.region !== call.region) {
    return fail('NotFoundException', `Key '${keyArn(call.region, key?.row.account_id ?? call.principal.accountId, header.keyId)}' does not exist`);
  }
  noteKey(call, key.row.arn);
  checkEncryptKey(call, ctx, key, operation, action, context, algorithm);
  const material = key.materials.get(header.materialId);
  if (!material) return fail('InvalidCiphertextException', INVALID);
  try {
    return { key, plaintext: openBlob(blob, material, context), materialId: header.materialId };
  } catch (err) {
    if (err instanceof BadCiphertext) fail('InvalidCiphertextException', INVALID);
    throw err;
  }
}
