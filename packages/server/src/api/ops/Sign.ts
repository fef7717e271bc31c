/** Sign: a signature with an asymmetric SIGN_VERIFY key over a message, a digest, or an ML-DSA μ (crypto/signing.ts). */
import type { Operation } from '../../context.js';
import { signMessage, type MessageType } from '../../crypto/signing.js';
import { checkKey, currentMaterial } from '../../keys/asymmetric.js';
import { resolveKey } from '../../keys/resolve.js';
import { requireAlgorithm } from '../../keys/usage.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Sign',
  action: 'kms:Sign',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    const type: MessageType = input.MessageType ?? 'RAW';
    checkKey(ctx, call, key, 'SIGN_VERIFY', 'Sign', 'kms:Sign', { context: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': type } });
    requireAlgorithm(key, 'signingAlgorithms', input.SigningAlgorithm);
    const signature = signMessage(key.row.key_spec, currentMaterial(key), input.SigningAlgorithm, input.Message, type);
    stopIfDryRun(input);
    return { KeyId: key.row.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
};
