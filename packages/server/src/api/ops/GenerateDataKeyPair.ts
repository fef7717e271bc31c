/** GenerateDataKeyPair: a key pair whose private key comes back in plaintext and encrypted under the KMS key. */
import type { Operation } from '../../context.js';
import { makeDataKeyPair } from './data-key-pair.js';
import { refuseRecipient } from './dry-run.js';

export const op: Operation = {
  name: 'GenerateDataKeyPair',
  action: 'kms:GenerateDataKeyPair',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    const p = await makeDataKeyPair(ctx, call, input, 'GenerateDataKeyPair');
    return {
      KeyId: p.key.row.arn, KeyPairSpec: p.spec, PrivateKeyCiphertextBlob: p.blob, PrivateKeyPlaintext: p.privateKey,
      PublicKey: p.publicKey, KeyMaterialId: p.materialId,
    };
  },
};
