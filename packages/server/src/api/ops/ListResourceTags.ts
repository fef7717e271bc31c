/** ListResourceTags: a key's tags in key order, paginated. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';
import { afterMarker, page } from './paging.js';

export const op: Operation = {
  name: 'ListResourceTags',
  action: 'kms:ListResourceTags',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:ListResourceTags', key);
    const limit: number = Math.min(input.Limit ?? 50, 50);
    const rows = await ctx.store.listTags(key.row.id, afterMarker(input.Marker), limit + 1);
    const p = page(rows, limit, (t) => t.tag_key);
    return { Tags: p.items.map((t) => ({ TagKey: t.tag_key, TagValue: t.tag_value })), Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
