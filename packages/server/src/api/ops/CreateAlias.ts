/** CreateAlias: a new name for a key in the caller's account and region. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { checkAliasName } from '../../keys/aliases.js';
import { aliasArn } from '../../keys/arn.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';
import { DuplicateError } from '../../store/store.js';

export const op: Operation = {
  name: 'CreateAlias',
  action: 'kms:CreateAlias',
  async handler(ctx, call, input) {
    checkAliasName(input.AliasName);
    const key = await resolveKey(ctx, call, input.TargetKeyId, false);
    authorize(ctx, call, 'kms:CreateAlias', key);
    authorize(ctx, call, 'kms:CreateAlias', undefined, { resource: aliasArn(call.region, call.principal.accountId, input.AliasName) });
    requireState('aliasTarget', key.row.state, key.row.arn);
    const now = Date.now();
    try {
      await ctx.store.insertAlias({ account_id: call.principal.accountId, region: call.region, name: input.AliasName, key_id: key.row.id, created_at: now, updated_at: now });
    } catch (err) {
      if (err instanceof DuplicateError) fail('AlreadyExistsException', `An alias with the name ${aliasArn(call.region, call.principal.accountId, input.AliasName)} already exists`);
      throw err;
    }
    await ctx.bus.publish({ kind: 'key', id: key.row.id });
    return {};
  },
};
