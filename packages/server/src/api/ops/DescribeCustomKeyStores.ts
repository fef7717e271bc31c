/** DescribeCustomKeyStores: the caller's custom key stores in this Region, one by id or name, paginated. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { findStore, storeEntry } from '../../xks/stores.js';
import { afterMarker, page } from './paging.js';

export const op: Operation = {
  name: 'DescribeCustomKeyStores',
  action: 'kms:DescribeCustomKeyStores',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'kms:DescribeCustomKeyStores');
    if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
      fail('ValidationException', 'Specify either CustomKeyStoreId or CustomKeyStoreName, not both.');
    }
    if (input.CustomKeyStoreId !== undefined) {
      return { CustomKeyStores: [storeEntry(await findStore(ctx, call, input.CustomKeyStoreId))], Truncated: false };
    }
    const limit: number = input.Limit ?? 100;
    const rows = await ctx.store.customKeyStores.list(call.principal.accountId, call.region, input.CustomKeyStoreName, afterMarker(input.Marker), limit + 1);
    if (input.CustomKeyStoreName !== undefined && rows.length === 0 && input.Marker === undefined) {
      fail('CustomKeyStoreNotFoundException', `Custom key store ${input.CustomKeyStoreName} does not exist in this account and Region.`);
    }
    const p = page(rows, limit, (r) => r.id);
    return { CustomKeyStores: p.items.map(storeEntry), Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
