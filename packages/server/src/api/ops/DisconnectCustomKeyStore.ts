/** DisconnectCustomKeyStore: any state but DISCONNECTED(ING) → DISCONNECTED; keys in the store stop working. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { findStore, updateStore } from '../../xks/stores.js';

export const op: Operation = {
  name: 'DisconnectCustomKeyStore',
  action: 'kms:DisconnectCustomKeyStore',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'kms:DisconnectCustomKeyStore');
    const row = await findStore(ctx, call, input.CustomKeyStoreId);
    if (row.connection_state === 'DISCONNECTED' || row.connection_state === 'DISCONNECTING') {
      fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} is already ${row.connection_state}.`);
    }
    await updateStore(ctx, row, { connection_state: 'DISCONNECTED', connection_error_code: null });
    return {};
  },
};
