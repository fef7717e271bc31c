/**
 * ImportKeyMaterial: unwraps material with the private half of the token's wrapping key, checks it
 * for the key spec, and records it (first import, re-import of the same material, or new material
 * for an on-demand rotation). KeyMaterialId is derived from the key and the material.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { canImport, importMaterial } from '../../crypto/keygen.js';
import { UnwrapError, unwrapKeyMaterial } from '../../crypto/wrapping.js';
import { redeemImportToken } from '../../keys/import-params.js';
import { importInto, requireExternal, type ImportRequest } from '../../keys/imported.js';
import { isSymmetricEncryption } from '../../keys/key-specs.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';
import { DAY } from '../../keys/rotation.js';

const MAX_VALID_DAYS = 365;

/** ExpirationModel and ValidTo as AWS validates them. */
function expiry(input: Record<string, any>): Pick<ImportRequest, 'expirationModel' | 'validTo'> {
  const model: string = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  const validTo = input.ValidTo as Date | undefined;
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (validTo !== undefined) fail('ValidationException', 'ValidTo must not be set when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.');
    return { expirationModel: model, validTo: null };
  }
  if (validTo === undefined) fail('ValidationException', 'A ValidTo date must be set when ExpirationModel is KEY_MATERIAL_EXPIRES.');
  const now = Date.now();
  if (validTo.getTime() <= now) fail('ValidationException', 'ValidTo must be a date and time in the future.');
  if (validTo.getTime() > now + MAX_VALID_DAYS * DAY) fail('ValidationException', `ValidTo must be at most ${MAX_VALID_DAYS} days from now.`);
  return { expirationModel: model, validTo: validTo.getTime() };
}

/** ImportType, KeyMaterialId and KeyMaterialDescription apply to symmetric encryption keys only. */
function materialOptions(spec: string, input: Record<string, any>): Pick<ImportRequest, 'importType' | 'materialId' | 'description'> {
  const given = input.ImportType !== undefined || input.KeyMaterialId !== undefined || input.KeyMaterialDescription !== undefined;
  if (given && !isSymmetricEncryption(spec)) fail('ValidationException', 'ImportType, KeyMaterialId and KeyMaterialDescription are only valid for symmetric encryption keys.');
  if (input.ImportType === 'NEW_KEY_MATERIAL' && input.KeyMaterialId !== undefined) fail('ValidationException', 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.');
  return { importType: input.ImportType, materialId: input.KeyMaterialId, description: input.KeyMaterialDescription };
}

/** The plaintext material inside `wrapped`, checked and normalised for the key spec. */
function unwrap(spec: string, algorithm: string, privateKey: Buffer, wrapped: Buffer): Buffer {
  let plain: Buffer;
  try { plain = unwrapKeyMaterial(algorithm, privateKey, wrapped); } catch (err) {
    if (err instanceof UnwrapError) fail('InvalidCiphertextException', 'The wrapped key material could not be decrypted with the wrapping key of this import token.');
    throw err;
  } finally { privateKey.fill(0); }
  try { return importMaterial(spec, plain); } finally { plain.fill(0); }
}

export const op: Operation = {
  name: 'ImportKeyMaterial',
  action: 'kms:ImportKeyMaterial',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    const spec = key.row.key_spec;
    const validity = expiry(input);
    authorize(ctx, call, 'kms:ImportKeyMaterial', key, { context: {
      'kms:ExpirationModel': validity.expirationModel,
      'kms:ValidTo': validity.validTo === null ? undefined : Math.floor(validity.validTo / 1000),
    } });
    requireExternal(key.row);
    requireState('import', key.row.state, key.row.arn);
    if (!canImport(spec)) fail('UnsupportedOperationException', `Importing key material of spec ${spec} is not supported.`);
    const req = { ...validity, ...materialOptions(spec, input) };
    const { algorithm, privateKey } = await redeemImportToken(ctx, key.row, input.ImportToken);
    const material = unwrap(spec, algorithm, privateKey, input.EncryptedKeyMaterial);
    try {
      const id = await importInto(ctx, key.row.id, material, req);
      return { KeyId: key.row.arn, KeyMaterialId: id };
    } finally { material.fill(0); }
  },
};
