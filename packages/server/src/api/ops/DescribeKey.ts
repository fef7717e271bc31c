/** DescribeKey: the KeyMetadata of a key named in any of the four KeyId forms. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { keyMetadata } from '../../keys/metadata.js';
import { resolveKey } from '../../keys/resolve.js';
import { keyIdOf } from '../../keys/multi-region.js';

export const op: Operation = {
  name: 'DescribeKey',
  action: 'kms:DescribeKey',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    authorize(ctx, call, 'kms:DescribeKey', key);
    // A multi-Region key lists its set as the store has it now (replicas come and go in other regions).
    const members = key.row.primary_region === null ? [key.row] : await ctx.store.keySets.members(keyIdOf(key.row));
    const storeId = key.row.custom_key_store_id;
    const connected = storeId === null || (await ctx.store.customKeyStores.get(storeId))?.connection_state === 'CONNECTED';
    return { KeyMetadata: keyMetadata(key.row, members, connected) };
  },
};
