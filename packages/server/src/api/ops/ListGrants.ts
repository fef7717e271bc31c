/** ListGrants: a key's grants, filtered by grant id or grantee, paginated. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { checkGrantId } from '../../keys/grant-tokens.js';
import { grantEntry } from '../../keys/grant-list.js';
import { resolveKey } from '../../keys/resolve.js';
import { afterMarker, page } from './paging.js';

export const op: Operation = {
  name: 'ListGrants',
  action: 'kms:ListGrants',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:ListGrants', key);
    if (input.GrantId !== undefined) checkGrantId(input.GrantId);
    const limit: number = input.Limit ?? 50;
    let rows = await ctx.store.grants.ofKey(key.row.id, afterMarker(input.Marker), input.GrantId || input.GranteePrincipal ? undefined : limit + 1);
    if (input.GrantId !== undefined) rows = rows.filter((g) => g.id === input.GrantId);
    if (input.GranteePrincipal !== undefined) rows = rows.filter((g) => g.grantee_principal === input.GranteePrincipal);
    const p = page(rows, limit, (g) => g.id);
    return { Grants: p.items.map((g) => grantEntry(g, key.row.arn)), Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
