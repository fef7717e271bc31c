/** DeleteCustomKeyStore: only a DISCONNECTED store with no KMS keys left (in any key state). */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorizedStore } from '../../xks/stores.js';

export const op: Operation = {
  name: 'DeleteCustomKeyStore',
  action: 'kms:DeleteCustomKeyStore',
  async handler(ctx, call, input) {
    const row = await authorizedStore(ctx, call, 'kms:DeleteCustomKeyStore', input.CustomKeyStoreId);
    if (row.connection_state !== 'DISCONNECTED') fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} is ${row.connection_state}; disconnect it before deleting it.`);
    await ctx.store.transaction(async (tx) => {
      const keys = await tx.customKeyStores.keyCount(row.id);
      if (keys > 0) fail('CustomKeyStoreHasCMKsException', `Custom key store ${row.id} still holds ${keys} KMS key(s); schedule their deletion and wait for it before deleting the store.`);
      await tx.customKeyStores.delete(row.id);
    });
    return {};
  },
};
