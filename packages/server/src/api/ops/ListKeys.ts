/** ListKeys: the caller's keys in this region, paginated. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { afterMarker, page } from './paging.js';
import { keyIdOf } from '../../keys/multi-region.js';

export const op: Operation = {
  name: 'ListKeys',
  action: 'kms:ListKeys',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'kms:ListKeys');
    const limit: number = input.Limit ?? 100;
    const rows = await ctx.store.listKeys(call.principal.accountId, call.region, afterMarker(input.Marker), limit + 1);
    const p = page(rows, limit, (r) => r.id);
    return { Keys: p.items.map((r) => ({ KeyId: keyIdOf(r), KeyArn: r.arn })), Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
