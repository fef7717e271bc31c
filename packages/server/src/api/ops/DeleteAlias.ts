/** DeleteAlias. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { checkAliasName } from '../../keys/aliases.js';
import { aliasArn } from '../../keys/arn.js';

export const op: Operation = {
  name: 'DeleteAlias',
  action: 'kms:DeleteAlias',
  async handler(ctx, call, input) {
    checkAliasName(input.AliasName);
    const { accountId } = call.principal;
    const current = await ctx.store.getAlias(accountId, call.region, input.AliasName);
    if (!current || !(await ctx.store.deleteAlias(accountId, call.region, input.AliasName))) {
      fail('NotFoundException', `Alias ${aliasArn(call.region, accountId, input.AliasName)} is not found.`);
    }
    await ctx.bus.publish({ kind: 'key', id: current.key_id });
    return {};
  },
};
