/** RevokeGrant: the key's administrators remove a grant. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { checkGrantId } from '../../keys/grant-tokens.js';
import { resolveKey } from '../../keys/resolve.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'RevokeGrant',
  action: 'kms:RevokeGrant',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:RevokeGrant', key);
    checkGrantId(input.GrantId);
    const grant = await ctx.store.grants.get(input.GrantId);
    if (!grant || grant.key_id !== key.row.id) fail('NotFoundException', `Grant ${input.GrantId} does not exist for ${key.row.arn}.`);
    stopIfDryRun(input);
    // Revoked meanwhile by another request (on any node): AWS answers as for a grant that is not there.
    if (!(await ctx.store.grants.delete(grant.id))) fail('NotFoundException', `Grant ${input.GrantId} does not exist for ${key.row.arn}.`);
    await ctx.bus.publish({ kind: 'key', id: key.row.id });
    return {};
  },
};
