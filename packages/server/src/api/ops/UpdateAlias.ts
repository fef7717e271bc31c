/** UpdateAlias: points an existing alias at another key of the same type and usage. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { checkAliasName } from '../../keys/aliases.js';
import { aliasArn } from '../../keys/arn.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'UpdateAlias',
  action: 'kms:UpdateAlias',
  async handler(ctx, call, input) {
    checkAliasName(input.AliasName);
    const { accountId } = call.principal;
    const current = await ctx.store.getAlias(accountId, call.region, input.AliasName);
    if (!current) fail('NotFoundException', `Alias ${aliasArn(call.region, accountId, input.AliasName)} is not found.`);
    const target = await resolveKey(ctx, call, input.TargetKeyId, false);
    authorize(ctx, call, 'kms:UpdateAlias', target);
    authorize(ctx, call, 'kms:UpdateAlias', undefined, { resource: aliasArn(call.region, accountId, input.AliasName) });
    const from = await ctx.keys.get(current.key_id);
    if (from) authorize(ctx, call, 'kms:UpdateAlias', from);
    requireState('aliasTarget', target.row.state, target.row.arn);
    const old = await ctx.keys.get(current.key_id);
    if (old && (old.row.key_usage !== target.row.key_usage || old.row.key_spec !== target.row.key_spec)) {
      fail('ValidationException', `${target.row.arn} has a different key spec or key usage than the key the alias points to now.`);
    }
    if (!(await ctx.store.updateAlias(accountId, call.region, input.AliasName, target.row.id))) {
      fail('NotFoundException', `Alias ${aliasArn(call.region, accountId, input.AliasName)} is not found.`);
    }
    await ctx.bus.publish({ kind: 'key', id: target.row.id });
    return {};
  },
};
