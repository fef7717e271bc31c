/** GenerateRandom: 1–1024 random bytes. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { random } from '../../crypto/random.js';
import { refuseRecipient } from './dry-run.js';

export const op: Operation = {
  name: 'GenerateRandom',
  action: 'kms:GenerateRandom',
  async handler(ctx, call, input) {
    refuseRecipient(input);
    authorize(ctx, call, 'kms:GenerateRandom');
    if (input.CustomKeyStoreId !== undefined) fail('CustomKeyStoreNotFoundException', 'Trent has no custom key stores.');
    if (input.NumberOfBytes === undefined) fail('ValidationException', "1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
    return { Plaintext: random(input.NumberOfBytes) };
  },
};
