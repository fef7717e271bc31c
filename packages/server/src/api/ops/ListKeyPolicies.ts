/** ListKeyPolicies: always the one name "default", as AWS. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'ListKeyPolicies',
  action: 'kms:ListKeyPolicies',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:ListKeyPolicies', key);
    return { PolicyNames: ['default'], Truncated: false };
  },
};
