/** GenerateDataKey: a random data key, in plaintext and encrypted under the KMS key. */
import type { Operation } from '../../context.js';
import { makeDataKey } from './data-key.js';
import { refuseRecipient } from './dry-run.js';

export const op: Operation = {
  name: 'GenerateDataKey',
  action: 'kms:GenerateDataKey',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    const dk = await makeDataKey(ctx, call, input, 'GenerateDataKey');
    return { CiphertextBlob: dk.blob, Plaintext: dk.plaintext, KeyId: dk.key.row.arn, KeyMaterialId: dk.materialId };
  },
};
