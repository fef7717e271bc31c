/** Encrypt: up to 4096 bytes under a symmetric key, or RSAES-OAEP under an RSA key (keys/asymmetric.ts). */
import type { Operation } from '../../context.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder } from '../../keys/symmetric.js';
import { encryptAsymmetric } from '../../keys/asymmetric.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Encrypt',
  action: 'kms:Encrypt',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    const algorithm: string = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    if (algorithm !== 'SYMMETRIC_DEFAULT') {
      const ciphertext = encryptAsymmetric(ctx, call, key, algorithm, input.Plaintext, input.EncryptionContext, 'Encrypt', 'kms:Encrypt');
      stopIfDryRun(input);
      input.Plaintext.fill(0);
      return { CiphertextBlob: ciphertext, KeyId: key.row.arn, EncryptionAlgorithm: algorithm };
    }
    checkEncryptKey(call, ctx, key, 'Encrypt', 'kms:Encrypt', input.EncryptionContext, algorithm);
    stopIfDryRun(input);
    const { blob } = await encryptUnder(ctx, call, key, input.Plaintext, input.EncryptionContext, 'Encrypt');
    input.Plaintext.fill(0);
    return { CiphertextBlob: blob, KeyId: key.row.arn, EncryptionAlgorithm: algorithm };
  },
};
