/** DeleteAlias. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { checkAliasName } from '../../keys/aliases.js';
import { aliasArn } from '../../keys/arn.js';

export const op: Operation = {
  name: 'DeleteAlias',
  action: 'kms:DeleteAlias',
  async handler(ctx, call, input) {
    checkAliasName(input.AliasName);
    const { accountId } = call.principal;
    const current = await ctx.store.getAlias(accountId, call.region, input.AliasName);
    if (current) {
      authorize(ctx, call, 'kms:DeleteAlias', undefined, { resource: aliasArn(call.region, accountId, input.AliasName) });
      const key = await ctx.keys.get(current.key_id);
      if (key) authorize(ctx, call, 'kms:DeleteAlias', key);
    }
    if (!current || !(await ctx.store.deleteAlias(accountId, call.region, input.AliasName))) {
      fail('NotFoundException', `Alias ${aliasArn(call.region, accountId, input.AliasName)} is not found.`);
    }
    await ctx.bus.publish({ kind: 'key', id: current.key_id });
    return {};
  },
};
