/** GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with its spec, usage and algorithms. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { publicKeyDer } from '../../crypto/asym-keys.js';
import { currentMaterial } from '../../keys/asymmetric.js';
import { algorithmsFor, KEY_SPECS } from '../../keys/key-specs.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';

/** Families with a public key; symmetric and HMAC keys have none. */
const HAS_PUBLIC_KEY = new Set(['rsa', 'ecc', 'ed25519', 'mldsa', 'sm2']);

export const op: Operation = {
  name: 'GetPublicKey',
  action: 'kms:GetPublicKey',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    authorize(ctx, call, 'kms:GetPublicKey', key);
    const spec = key.row.key_spec;
    if (!HAS_PUBLIC_KEY.has(KEY_SPECS[spec]?.family ?? '')) fail('UnsupportedOperationException', `${key.row.arn} key spec is ${spec}, which has no public key.`);
    requireState('crypto', key.row.state, key.row.arn);
    return {
      KeyId: key.row.arn, PublicKey: publicKeyDer(spec, currentMaterial(key)), CustomerMasterKeySpec: spec, KeySpec: spec,
      KeyUsage: key.row.key_usage, ...algorithmsFor(spec, key.row.key_usage),
    };
  },
};
