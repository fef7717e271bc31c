/** GetParametersForImport: a fresh RSA wrapping public key (DER SubjectPublicKeyInfo) and its import token, valid 24 hours. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { canImport } from '../../crypto/keygen.js';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_BITS } from '../../crypto/wrapping.js';
import { issueImportParameters } from '../../keys/import-params.js';
import { requireExternal } from '../../keys/imported.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';

/** Refuses the wrapping choices AWS refuses outside China or has retired. */
function checkWrapping(spec: string, algorithm: string): void {
  if (spec === 'SM2' || algorithm === 'SM2PKE') fail('UnsupportedOperationException', 'SM2 wrapping keys and SM2PKE are available only in China Regions.');
  if (algorithm === 'RSAES_PKCS1_V1_5') fail('UnsupportedOperationException', 'The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported; use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
  if (!WRAPPING_ALGORITHMS[algorithm] || !WRAPPING_KEY_BITS[spec]) fail('UnsupportedOperationException', `Wrapping ${spec} with ${algorithm} is not supported.`);
}

export const op: Operation = {
  name: 'GetParametersForImport',
  action: 'kms:GetParametersForImport',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:GetParametersForImport', key, { context: {
      'kms:WrappingAlgorithm': input.WrappingAlgorithm, 'kms:WrappingKeySpec': input.WrappingKeySpec,
    } });
    requireExternal(key.row);
    requireState('import', key.row.state, key.row.arn);
    if (!canImport(key.row.key_spec)) fail('UnsupportedOperationException', `Importing key material of spec ${key.row.key_spec} is not supported.`);
    checkWrapping(input.WrappingKeySpec, input.WrappingAlgorithm);
    const p = await issueImportParameters(ctx, key.row, input.WrappingKeySpec, input.WrappingAlgorithm);
    return { KeyId: key.row.arn, ImportToken: p.token, PublicKey: p.publicKey, ParametersValidTo: new Date(p.validTo) };
  },
};
