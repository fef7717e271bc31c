/** Verify: SignatureValid true, or KMSInvalidSignatureException (AWS never answers false). */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { verifyMessage, type MessageType } from '../../crypto/signing.js';
import { checkKey, currentMaterial } from '../../keys/asymmetric.js';
import { resolveKey } from '../../keys/resolve.js';
import { requireAlgorithm } from '../../keys/usage.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Verify',
  action: 'kms:Verify',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    const type: MessageType = input.MessageType ?? 'RAW';
    checkKey(ctx, call, key, 'SIGN_VERIFY', 'Verify', 'kms:Verify', { context: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': type } });
    requireAlgorithm(key, 'signingAlgorithms', input.SigningAlgorithm);
    const valid = verifyMessage(key.row.key_spec, currentMaterial(key), input.SigningAlgorithm, input.Message, type, input.Signature);
    stopIfDryRun(input);
    if (!valid) fail('KMSInvalidSignatureException', 'The signature is not valid for the message, key and signing algorithm given.');
    return { KeyId: key.row.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
};
