/** DeriveSharedSecret: raw ECDH between a KEY_AGREEMENT key and the caller's DER public key, as `openssl pkeyutl -derive`. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { ecdhSecret, parseEcPublicKey } from '../../crypto/ecdh.js';
import { checkKey, currentMaterial } from '../../keys/asymmetric.js';
import { KEY_SPECS } from '../../keys/key-specs.js';
import { resolveKey } from '../../keys/resolve.js';
import { requireAlgorithm } from '../../keys/usage.js';
import { refuseRecipient, stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'DeriveSharedSecret',
  action: 'kms:DeriveSharedSecret',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    const key = await resolveKey(ctx, call, input.KeyId);
    checkKey(ctx, call, key, 'KEY_AGREEMENT', 'DeriveSharedSecret', 'kms:DeriveSharedSecret', { context: { 'kms:KeyAgreementAlgorithm': input.KeyAgreementAlgorithm } });
    requireAlgorithm(key, 'keyAgreementAlgorithms', input.KeyAgreementAlgorithm);
    const peer = parseEcPublicKey(input.PublicKey);
    if (!peer) return fail('ValidationException', 'PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of an elliptic curve public key.');
    const curve = KEY_SPECS[key.row.key_spec]!.params!.curve;
    if (peer.curve !== curve) fail('ValidationException', `The public key is not on the curve of key spec ${key.row.key_spec}.`);
    const secret = ecdhSecret(currentMaterial(key), peer.key);
    if (input.DryRun === true) secret.fill(0);
    stopIfDryRun(input);
    return { KeyId: key.row.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.row.origin };
  },
};
