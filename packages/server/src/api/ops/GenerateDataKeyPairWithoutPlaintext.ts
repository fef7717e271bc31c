/** GenerateDataKeyPairWithoutPlaintext: as GenerateDataKeyPair, but the plaintext private key never leaves Trent. */
import type { Operation } from '../../context.js';
import { makeDataKeyPair } from './data-key-pair.js';

export const op: Operation = {
  name: 'GenerateDataKeyPairWithoutPlaintext',
  action: 'kms:GenerateDataKeyPairWithoutPlaintext',
  async handler(ctx, call, input) {
    const p = await makeDataKeyPair(ctx, call, input, 'GenerateDataKeyPairWithoutPlaintext');
    p.privateKey.fill(0);
    return { KeyId: p.key.row.arn, KeyPairSpec: p.spec, PrivateKeyCiphertextBlob: p.blob, PublicKey: p.publicKey, KeyMaterialId: p.materialId };
  },
};
