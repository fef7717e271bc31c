/** Encrypt: up to 4096 bytes under a symmetric key (asymmetric algorithms come with their keys). */
import type { Operation } from '../../context.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder } from '../../keys/symmetric.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Encrypt',
  action: 'kms:Encrypt',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    const algorithm: string = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    checkEncryptKey(call, ctx, key, 'Encrypt', 'kms:Encrypt', input.EncryptionContext, algorithm);
    stopIfDryRun(input);
    const { blob } = encryptUnder(key, input.Plaintext, input.EncryptionContext);
    input.Plaintext.fill(0);
    return { CiphertextBlob: blob, KeyId: key.row.arn, EncryptionAlgorithm: algorithm };
  },
};
