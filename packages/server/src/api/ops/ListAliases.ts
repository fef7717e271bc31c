/** ListAliases: the account's aliases in this region, or those of one key. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { aliasArn } from '../../keys/arn.js';
import { resolveKey } from '../../keys/resolve.js';
import { afterMarker, page } from './paging.js';
import { keyIdOf } from '../../keys/multi-region.js';

export const op: Operation = {
  name: 'ListAliases',
  action: 'kms:ListAliases',
  async handler(ctx, call, input) {
    let keyId: string | undefined;
    if (input.KeyId !== undefined) {
      const key = await resolveKey(ctx, call, input.KeyId, false);
      authorize(ctx, call, 'kms:ListAliases', key);
      keyId = key.row.id;
    } else authorize(ctx, call, 'kms:ListAliases');
    const limit: number = input.Limit ?? 100;
    const rows = await ctx.store.listAliases(call.principal.accountId, call.region, keyId, afterMarker(input.Marker), limit + 1);
    const p = page(rows, limit, (r) => r.name);
    return {
      Aliases: p.items.map((a) => ({
        AliasName: a.name, AliasArn: aliasArn(a.region, a.account_id, a.name), TargetKeyId: keyIdOf(a.key_id),
        CreationDate: new Date(a.created_at), LastUpdatedDate: new Date(a.updated_at),
      })),
      Truncated: p.Truncated,
      ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}),
    };
  },
};
