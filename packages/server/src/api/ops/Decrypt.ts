/**
 * Decrypt: the key comes from the ciphertext; a KeyId that names another key is IncorrectKeyException.
 * RSAES_OAEP_* ciphertexts carry no key id, so they need KeyId (keys/asymmetric.ts).
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { openCiphertext } from '../../keys/symmetric.js';
import { decryptAsymmetric } from '../../keys/asymmetric.js';
import { refuseRecipient, stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'Decrypt',
  action: 'kms:Decrypt',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    const algorithm: string = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    if (input.CiphertextBlob === undefined) fail('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const opened = algorithm === 'SYMMETRIC_DEFAULT'
      ? await openCiphertext(ctx, call, input.CiphertextBlob, input.EncryptionContext, input.KeyId, 'Decrypt', 'kms:Decrypt', algorithm)
      : await decryptAsymmetric(ctx, call, input.KeyId, algorithm, input.CiphertextBlob, input.EncryptionContext, 'Decrypt', 'kms:Decrypt');
    if (input.DryRun === true) opened.plaintext.fill(0);
    stopIfDryRun(input);
    return { KeyId: opened.key.row.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: algorithm, KeyMaterialId: 'materialId' in opened ? opened.materialId : undefined };
  },
};
