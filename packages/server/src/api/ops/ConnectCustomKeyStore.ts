/**
 * ConnectCustomKeyStore: DISCONNECTED → CONNECTING → CONNECTED, or FAILED with a ConnectionErrorCode
 * when the proxy's health check fails. Trent connects within the request (AWS does it in the
 * background), so the reply comes once the store is CONNECTED or FAILED.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { XksFailure } from '../../xks/client.js';
import { connectionErrorCode } from '../../xks/failures.js';
import { health } from '../../xks/proxy.js';
import { authorizedStore, targetOf, updateStore } from '../../xks/stores.js';

export const op: Operation = {
  name: 'ConnectCustomKeyStore',
  action: 'kms:ConnectCustomKeyStore',
  async handler(ctx, call, input) {
    let row = await authorizedStore(ctx, call, 'kms:ConnectCustomKeyStore', input.CustomKeyStoreId);
    if (row.connection_state === 'FAILED' || row.connection_state === 'DISCONNECTING') {
      fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} is ${row.connection_state}; disconnect it before connecting it again.`);
    }
    if (row.connection_state !== 'DISCONNECTED') return {}; // CONNECTED or CONNECTING already
    row = await updateStore(ctx, row, { connection_state: 'CONNECTING', connection_error_code: null });
    let code: string | null = null;
    try { await health(targetOf(ctx, row), call.requestId, 'ConnectCustomKeyStore'); } catch (err) {
      if (!(err instanceof XksFailure)) throw err;
      code = connectionErrorCode(err.kind);
    }
    await updateStore(ctx, row, code ? { connection_state: 'FAILED', connection_error_code: code } : { connection_state: 'CONNECTED' });
    return {};
  },
};
