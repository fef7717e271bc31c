/** Verify: SignatureValid true, or KMSInvalidSignatureException (AWS never answers false). */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { verifyMessage } from '../../crypto/signing.js';
import { stopIfDryRun } from './dry-run.js';
import { signingKey } from './signing-key.js';

export const op: Operation = {
  name: 'Verify',
  action: 'kms:Verify',
  async handler(ctx, call, input) {
    const { key, material, type } = await signingKey(ctx, call, input, 'Verify');
    const valid = verifyMessage(key.row.key_spec, material, input.SigningAlgorithm, input.Message, type, input.Signature);
    stopIfDryRun(input);
    if (!valid) fail('KMSInvalidSignatureException', 'The signature is not valid for the message, key and signing algorithm given.');
    return { KeyId: key.row.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
};
