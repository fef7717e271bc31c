/** PutKeyPolicy: replaces the key's policy after AWS's validation and the lockout safety check. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { requireState } from '../../keys/lifecycle.js';
import { changeKey } from '../../keys/mutate.js';
import { checkKeyPolicy } from '../../keys/policy-doc.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'PutKeyPolicy',
  action: 'kms:PutKeyPolicy',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    const bypass = input.BypassPolicyLockoutSafetyCheck === true;
    authorize(ctx, call, 'kms:PutKeyPolicy', key, { context: { 'kms:BypassPolicyLockoutSafetyCheck': bypass } });
    const name: string = input.PolicyName ?? 'default';
    if (name !== 'default') fail('NotFoundException', `No such policy exists: ${name}. The only valid value is default.`);
    const policy = await checkKeyPolicy(ctx, call, input.Policy, bypass, key.row.arn);
    await changeKey(ctx, key.row.id, (row) => {
      requireState('read', row.state, row.arn);
      return { policy };
    });
    return {};
  },
};
