/**
 * ReEncrypt: opens under the source key (ReEncryptFrom) and seals under the destination (ReEncryptTo),
 * server side. Either side may be an RSA key with an RSAES_OAEP_* algorithm (keys/asymmetric.ts).
 */
import { fail } from '../errors.js';
import type { Call, Ctx, Operation } from '../../context.js';
import { decryptAsymmetric, encryptAsymmetric } from '../../keys/asymmetric.js';
import type { CachedKey } from '../../keys/cache.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder, openCiphertext } from '../../keys/symmetric.js';
import { stopIfDryRun } from './dry-run.js';

function openSource(ctx: Ctx, call: Call, input: Record<string, any>, srcAlg: string) {
  return srcAlg === 'SYMMETRIC_DEFAULT'
    ? openCiphertext(ctx, call, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId, 'ReEncrypt', 'kms:ReEncryptFrom', srcAlg)
    : decryptAsymmetric(ctx, call, input.SourceKeyId, srcAlg, input.CiphertextBlob, input.SourceEncryptionContext, 'ReEncrypt', 'kms:ReEncryptFrom');
}

async function sealDestination(ctx: Ctx, call: Call, dest: CachedKey, dstAlg: string, plaintext: Buffer, context: Record<string, string> | undefined): Promise<{ blob: Buffer; materialId?: string }> {
  if (dstAlg === 'SYMMETRIC_DEFAULT') return encryptUnder(ctx, call, dest, plaintext, context, 'ReEncrypt');
  return { blob: encryptAsymmetric(ctx, call, dest, dstAlg, plaintext, context, 'ReEncrypt', 'kms:ReEncryptTo') };
}

export const op: Operation = {
  name: 'ReEncrypt',
  action: 'kms:ReEncryptFrom',
  async handler(ctx, call, input) {
    if (input.CiphertextBlob === undefined) fail('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const srcAlg: string = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const dstAlg: string = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const dest = await resolveKey(ctx, call, input.DestinationKeyId);
    if (dstAlg === 'SYMMETRIC_DEFAULT') checkEncryptKey(call, ctx, dest, 'ReEncrypt', 'kms:ReEncryptTo', input.DestinationEncryptionContext, dstAlg);
    const src = await openSource(ctx, call, input, srcAlg);
    try {
      // An RSA destination is checked as it encrypts, so a dry run still runs every check.
      const out = dstAlg === 'SYMMETRIC_DEFAULT' ? undefined : await sealDestination(ctx, call, dest, dstAlg, src.plaintext, input.DestinationEncryptionContext);
      stopIfDryRun(input);
      const sealed = out ?? await sealDestination(ctx, call, dest, dstAlg, src.plaintext, input.DestinationEncryptionContext);
      return {
        CiphertextBlob: sealed.blob, SourceKeyId: src.key.row.arn, KeyId: dest.row.arn,
        SourceEncryptionAlgorithm: srcAlg, DestinationEncryptionAlgorithm: dstAlg,
        SourceKeyMaterialId: 'materialId' in src ? src.materialId : undefined, DestinationKeyMaterialId: sealed.materialId,
      };
    } finally { src.plaintext.fill(0); }
  },
};
