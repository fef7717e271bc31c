/** VerifyMac: MacValid true, or KMSInvalidMacException (compared in constant time). */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { safeEqual } from '../../crypto/aead.js';
import { stopIfDryRun } from './dry-run.js';
import { macFor } from './mac.js';

export const op: Operation = {
  name: 'VerifyMac',
  action: 'kms:VerifyMac',
  async handler(ctx, call, input) {
    const { key, mac } = await macFor(ctx, call, input, 'VerifyMac');
    stopIfDryRun(input);
    if (!safeEqual(mac, input.Mac)) fail('KMSInvalidMacException', 'The MAC is not valid for the message, key and MAC algorithm given.');
    return { KeyId: key.row.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
};
