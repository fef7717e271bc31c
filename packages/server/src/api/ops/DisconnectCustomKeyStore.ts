/** DisconnectCustomKeyStore: any state but DISCONNECTED(ING) → DISCONNECTED; keys in the store stop working. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorizedStore, updateStore } from '../../xks/stores.js';

export const op: Operation = {
  name: 'DisconnectCustomKeyStore',
  action: 'kms:DisconnectCustomKeyStore',
  async handler(ctx, call, input) {
    const row = await authorizedStore(ctx, call, 'kms:DisconnectCustomKeyStore', input.CustomKeyStoreId);
    if (row.connection_state === 'DISCONNECTED' || row.connection_state === 'DISCONNECTING') {
      fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} is already ${row.connection_state}.`);
    }
    await updateStore(ctx, row, { connection_state: 'DISCONNECTED', connection_error_code: null });
    return {};
  },
};
