/** GenerateRandom: 1–1024 random bytes. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { random } from '../../crypto/random.js';
import { refuseRecipient } from './dry-run.js';
import { findStore } from '../../xks/stores.js';

export const op: Operation = {
  name: 'GenerateRandom',
  action: 'kms:GenerateRandom',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    authorize(ctx, call, 'kms:GenerateRandom');
    // Only a CloudHSM key store generates random bytes, and Trent's custom key stores are all external.
    if (input.CustomKeyStoreId !== undefined) {
      await findStore(ctx, call, input.CustomKeyStoreId);
      fail('UnsupportedOperationException', `Custom key store ${input.CustomKeyStoreId} is an external key store; GenerateRandom takes only a CloudHSM key store.`);
    }
    if (input.NumberOfBytes === undefined) fail('ValidationException', "1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
    return { Plaintext: random(input.NumberOfBytes) };
  },
};
