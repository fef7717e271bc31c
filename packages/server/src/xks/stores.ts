/**
 * Custom key stores as operations see them: lookup within the caller's account and Region, the
 * DescribeCustomKeyStores entry, the sealed proxy credential, and proxy calls whose failures become
 * AWS's exceptions.
 */
import { fail } from '../api/errors.js';
import { authorize } from '../auth/authorize.js';
import type { Call, Ctx } from '../context.js';
import { random } from '../crypto/random.js';
import type { CustomKeyStoreRow } from '../store/custom-key-store-repo.js';
import { XksFailure, type ProxyTarget, type XksFailureKind } from './client.js';

/** A new custom key store id, as AWS shapes them: `cks-` and 17 hex digits. */
export function newStoreId(): string {
  return 'cks-' + random(9).toString('hex').slice(0, 17);
}

/** The store with this id in the caller's account and Region, or CustomKeyStoreNotFoundException. */
export async function findStore(ctx: Ctx, call: Call, id: string): Promise<CustomKeyStoreRow> {
  const row = await ctx.store.customKeyStores.get(id);
  if (!row || row.account_id !== call.principal.accountId || row.region !== call.region) {
    return fail('CustomKeyStoreNotFoundException', `Custom key store ${id} does not exist in this account and Region.`);
  }
  return row;
}

/** A store-management operation's start: `action` authorized (an IAM-only action), then the store found. */
export async function authorizedStore(ctx: Ctx, call: Call, action: string, id: string): Promise<CustomKeyStoreRow> {
  authorize(ctx, call, action);
  return findStore(ctx, call, id);
}

/** A DescribeCustomKeyStores entry (never the secret). */
export function storeEntry(row: CustomKeyStoreRow): Record<string, unknown> {
  return {
    CustomKeyStoreId: row.id,
    CustomKeyStoreName: row.name,
    CustomKeyStoreType: row.store_type,
    ConnectionState: row.connection_state,
    ...(row.connection_error_code ? { ConnectionErrorCode: row.connection_error_code } : {}),
    CreationDate: new Date(row.created_at),
    XksProxyConfiguration: { Connectivity: row.xks_connectivity, AccessKeyId: row.xks_access_key_id, UriEndpoint: row.xks_uri_endpoint, UriPath: row.xks_uri_path },
  };
}

/** Seals a proxy secret access key for its store row. */
export function sealProxySecret(ctx: Ctx, storeId: string, secret: string): Buffer {
  return ctx.keyring.seal('custom_key_stores', storeId, 'xks_secret_sealed', Buffer.from(secret, 'utf8'));
}

/** Where the store's proxy is and how to sign for it. */
export function targetOf(ctx: Ctx, row: CustomKeyStoreRow): ProxyTarget {
  const secret = ctx.keyring.unseal('custom_key_stores', row.id, 'xks_secret_sealed', row.xks_secret_sealed);
  try {
    return { endpoint: row.xks_uri_endpoint, path: row.xks_uri_path, accessKeyId: row.xks_access_key_id, secret: secret.toString('utf8'), region: row.region };
  } finally { secret.fill(0); }
}

/** Runs a proxy call; an XksFailure goes to `onFailure` (which throws AWS's exception for the operation). */
export async function viaProxy<T>(fn: () => Promise<T>, onFailure: (kind: XksFailureKind) => never): Promise<T> {
  try { return await fn(); } catch (err) {
    if (err instanceof XksFailure) onFailure(err.kind);
    throw err;
  }
}

/** Applies a patch at the row's version; a concurrent change is CustomKeyStoreInvalidStateException. */
export async function updateStore(ctx: Ctx, row: CustomKeyStoreRow, patch: Partial<Omit<CustomKeyStoreRow, 'id' | 'version'>>): Promise<CustomKeyStoreRow> {
  if (!(await ctx.store.customKeyStores.update(row.id, row.version, patch))) {
    fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} changed while this request ran; retry the request.`);
  }
  return { ...row, ...patch, version: row.version + 1 };
}
