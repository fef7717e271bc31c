/** GenerateDataKeyWithoutPlaintext: only the encrypted data key leaves Trent. */
import type { Operation } from '../../context.js';
import { makeDataKey } from './data-key.js';

export const op: Operation = {
  name: 'GenerateDataKeyWithoutPlaintext',
  action: 'kms:GenerateDataKeyWithoutPlaintext',
  async handler(ctx, call, input) {
    const dk = await makeDataKey(ctx, call, input, 'GenerateDataKeyWithoutPlaintext');
    dk.plaintext.fill(0);
    return { CiphertextBlob: dk.blob, KeyId: dk.key.row.arn, KeyMaterialId: dk.materialId };
  },
};
