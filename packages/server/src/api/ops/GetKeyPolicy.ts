/** GetKeyPolicy: the key's one policy, named "default". */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'GetKeyPolicy',
  action: 'kms:GetKeyPolicy',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:GetKeyPolicy', key);
    const name: string = input.PolicyName ?? 'default';
    if (name !== 'default') fail('NotFoundException', `No such policy exists: ${name}. The only valid value is default.`);
    return { Policy: key.row.policy, PolicyName: 'default' };
  },
};
