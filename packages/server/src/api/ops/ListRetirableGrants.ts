/** ListRetirableGrants: grants a principal may retire, across the keys of this region. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { grantEntry } from '../../keys/grant-list.js';
import { afterMarker, page } from './paging.js';

export const op: Operation = {
  name: 'ListRetirableGrants',
  action: 'kms:ListRetirableGrants',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'kms:ListRetirableGrants');
    const limit: number = input.Limit ?? 50;
    const rows = await ctx.store.grants.retirableBy(input.RetiringPrincipal, afterMarker(input.Marker), limit + 1);
    const p = page(rows, limit, (g) => g.id);
    const out = [];
    for (const g of p.items) {
      const key = await ctx.keys.get(g.key_id);
      if (key && key.row.region === call.region) out.push(grantEntry(g, key.row.arn));
    }
    return { Grants: out, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
