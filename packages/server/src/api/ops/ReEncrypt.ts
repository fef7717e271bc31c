/** ReEncrypt: opens under the source key (ReEncryptFrom) and seals under the destination (ReEncryptTo), server side. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder, openCiphertext } from '../../keys/symmetric.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'ReEncrypt',
  action: 'kms:ReEncryptFrom',
  async handler(ctx, call, input) {
    if (input.CiphertextBlob === undefined) fail('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const srcAlg: string = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const dstAlg: string = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const dest = await resolveKey(ctx, call, input.DestinationKeyId);
    checkEncryptKey(call, ctx, dest, 'ReEncrypt', 'kms:ReEncryptTo', input.DestinationEncryptionContext, dstAlg);
    const src = await openCiphertext(ctx, call, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId, 'ReEncrypt', 'kms:ReEncryptFrom', srcAlg);
    try {
      stopIfDryRun(input);
      const out = encryptUnder(dest, src.plaintext, input.DestinationEncryptionContext);
      return {
        CiphertextBlob: out.blob, SourceKeyId: src.key.row.arn, KeyId: dest.row.arn,
        SourceEncryptionAlgorithm: srcAlg, DestinationEncryptionAlgorithm: dstAlg,
        SourceKeyMaterialId: src.materialId, DestinationKeyMaterialId: out.materialId,
      };
    } finally { src.plaintext.fill(0); }
  },
};
