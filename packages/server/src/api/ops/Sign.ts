/** Sign: a signature with an asymmetric SIGN_VERIFY key over a message, a digest, or an ML-DSA μ (crypto/signing.ts). */
import type { Operation } from '../../context.js';
import { signMessage } from '../../crypto/signing.js';
import { stopIfDryRun } from './dry-run.js';
import { signingKey } from './signing-key.js';

export const op: Operation = {
  name: 'Sign',
  action: 'kms:Sign',
  async handler(ctx, call, input) {
    const { key, material, type } = await signingKey(ctx, call, input, 'Sign');
    const signature = signMessage(key.row.key_spec, material, input.SigningAlgorithm, input.Message, type);
    stopIfDryRun(input);
    return { KeyId: key.row.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
};
