/**
 * KMS keys in custom key stores: what CreateKey checks (the store is CONNECTED, the external key
 * exists, is enabled, is AES-256 and may encrypt and decrypt, and no other key of the store uses it),
 * and what a key's proxy calls need.
 */
import { fail } from '../api/errors.js';
import type { Call, Ctx } from '../context.js';
import type { CachedKey } from '../keys/cache.js';
import type { ProxyTarget } from './client.js';
import { NOT_CONNECTED, failCreateKey } from './failures.js';
import { checkExternalKey, type RequestMetadata } from './proxy.js';
import { findStore, targetOf, viaProxy } from './stores.js';

/** Where a new key lives: its custom key store and external key, or nothing for an ordinary key. */
export interface KeyPlacement { custom_key_store_id: string | null; xks_key_id: string | null }

const ORDINARY: KeyPlacement = { custom_key_store_id: null, xks_key_id: null };

/** CreateKey's custom key store parameters, checked (through the proxy for EXTERNAL_KEY_STORE). */
export async function placeNewKey(ctx: Ctx, call: Call, input: Record<string, any>, origin: string, spec: string, usage: string): Promise<KeyPlacement> {
  const storeId: string | undefined = input.CustomKeyStoreId;
  if (origin !== 'EXTERNAL_KEY_STORE' && input.XksKeyId !== undefined) fail('ValidationException', 'XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.');
  if (origin !== 'EXTERNAL_KEY_STORE' && origin !== 'AWS_CLOUDHSM') {
    if (storeId !== undefined) fail('ValidationException', `CustomKeyStoreId requires Origin EXTERNAL_KEY_STORE or AWS_CLOUDHSM, not ${origin}.`);
    return ORDINARY;
  }
  if (storeId === undefined) fail('ValidationException', `Origin ${origin} requires a CustomKeyStoreId.`);
  if (input.MultiRegion === true) fail('UnsupportedOperationException', 'Multi-Region keys cannot be created in a custom key store.');
  const row = await findStore(ctx, call, storeId);
  // Trent's custom key stores are all external key stores (no CloudHSM clusters exist here).
  if (origin === 'AWS_CLOUDHSM') fail('UnsupportedOperationException', `Custom key store ${storeId} is an external key store; create its keys with Origin EXTERNAL_KEY_STORE.`);
  if (input.XksKeyId === undefined) fail('ValidationException', 'Origin EXTERNAL_KEY_STORE requires an XksKeyId.');
  if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') fail('UnsupportedOperationException', 'Keys in an external key store must be SYMMETRIC_DEFAULT keys with KeyUsage ENCRYPT_DECRYPT.');
  if (row.connection_state !== 'CONNECTED') fail('CustomKeyStoreInvalidStateException', `Custom key store ${storeId} is ${row.connection_state}; it must be CONNECTED to create keys in it.`);
  if (await ctx.store.customKeyStores.keyOfXksKey(storeId, input.XksKeyId)) {
    fail('XksKeyAlreadyInUseException', `External key ${input.XksKeyId} is already associated with a KMS key in custom key store ${storeId}.`);
  }
  const meta = { awsPrincipalArn: call.principal.arn, kmsOperation: 'CreateKey', kmsRequestId: call.requestId };
  await viaProxy(() => checkExternalKey(targetOf(ctx, row), input.XksKeyId, meta), failCreateKey);
  return { custom_key_store_id: storeId, xks_key_id: input.XksKeyId };
}

/** The proxy of a key's store, when the store is CONNECTED; KMSInvalidStateException otherwise. */
export async function proxyForKey(ctx: Ctx, call: Call, key: CachedKey, kmsOperation: string): Promise<{ target: ProxyTarget; xksKeyId: string; meta: RequestMetadata }> {
  const row = await ctx.store.customKeyStores.get(key.row.custom_key_store_id!);
  if (!row || row.connection_state !== 'CONNECTED') fail('KMSInvalidStateException', NOT_CONNECTED);
  return {
    target: targetOf(ctx, row), xksKeyId: key.row.xks_key_id!,
    meta: { awsPrincipalArn: call.principal.arn, kmsOperation, kmsRequestId: call.requestId, kmsKeyArn: key.row.arn },
  };
}
