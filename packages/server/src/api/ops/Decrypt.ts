/** Decrypt: the key comes from the ciphertext; a KeyId that names another key is IncorrectKeyException. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { openCiphertext } from '../../keys/symmetric.js';
import { refuseRecipient, stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Decrypt',
  action: 'kms:Decrypt',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    const algorithm: string = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    if (input.CiphertextBlob === undefined) fail('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const opened = await openCiphertext(ctx, call, input.CiphertextBlob, input.EncryptionContext, input.KeyId, 'Decrypt', 'kms:Decrypt', algorithm);
    if (input.DryRun === true) opened.plaintext.fill(0);
    stopIfDryRun(input);
    return { KeyId: opened.key.row.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: algorithm, KeyMaterialId: opened.materialId };
  },
};
