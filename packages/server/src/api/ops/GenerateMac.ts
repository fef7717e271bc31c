/** GenerateMac: HMAC of a message under an HMAC KMS key. */
import type { Operation } from '../../context.js';
import { stopIfDryRun } from './dry-run.js';
import { macFor } from './mac.js';

export const op: Operation = {
  name: 'GenerateMac',
  action: 'kms:GenerateMac',
  async handler(ctx, call, input) {
    const { key, mac } = await macFor(ctx, call, input, 'GenerateMac');
    stopIfDryRun(input);
    return { KeyId: key.row.arn, Mac: mac, MacAlgorithm: input.MacAlgorithm };
  },
};
