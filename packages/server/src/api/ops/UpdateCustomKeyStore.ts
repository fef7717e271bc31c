/**
 * UpdateCustomKeyStore: a new name (CONNECTED or DISCONNECTED), or new proxy settings (DISCONNECTED
 * only), checked with a signed health check under the new settings before they are saved.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { DuplicateError } from '../../store/store.js';
import type { CustomKeyStoreRow } from '../../store/custom-key-store-repo.js';
import { failStoreSetup } from '../../xks/failures.js';
import { health } from '../../xks/proxy.js';
import { checkConnectivity, checkProxyEndpoint, refuseCloudHsmParams } from '../../xks/settings.js';
import { authorizedStore, sealProxySecret, targetOf, updateStore, viaProxy } from '../../xks/stores.js';

const PROXY_PARAMS = ['XksProxyUriEndpoint', 'XksProxyUriPath', 'XksProxyAuthenticationCredential', 'XksProxyConnectivity', 'XksProxyVpcEndpointServiceName', 'XksProxyVpcEndpointServiceOwner'];

/** The new proxy settings as a row patch, after the health check passed under them. */
async function proxyPatch(ctx: Parameters<Operation['handler']>[0], call: Parameters<Operation['handler']>[1], row: CustomKeyStoreRow, input: Record<string, any>): Promise<Partial<CustomKeyStoreRow>> {
  const connectivity: string = input.XksProxyConnectivity ?? row.xks_connectivity;
  checkConnectivity(connectivity, input);
  const endpoint: string = input.XksProxyUriEndpoint ?? row.xks_uri_endpoint;
  const path: string = input.XksProxyUriPath ?? row.xks_uri_path;
  checkProxyEndpoint(endpoint);
  const other = await ctx.store.customKeyStores.byProxyUri(row.account_id, row.region, endpoint, path);
  if (other && other.id !== row.id) fail('XksProxyUriInUseException', 'Another external key store in this account and Region already uses this proxy URI endpoint and path.');
  const cred = input.XksProxyAuthenticationCredential as { AccessKeyId: string; RawSecretAccessKey: string } | undefined;
  const current = targetOf(ctx, row);
  const target = { ...current, endpoint, path, ...(cred ? { accessKeyId: cred.AccessKeyId, secret: cred.RawSecretAccessKey } : {}) };
  await viaProxy(() => health(target, call.requestId, 'UpdateCustomKeyStore'), failStoreSetup);
  return {
    xks_uri_endpoint: endpoint, xks_uri_path: path, xks_connectivity: connectivity,
    ...(cred ? { xks_access_key_id: cred.AccessKeyId, xks_secret_sealed: sealProxySecret(ctx, row.id, cred.RawSecretAccessKey) } : {}),
  };
}

export const op: Operation = {
  name: 'UpdateCustomKeyStore',
  action: 'kms:UpdateCustomKeyStore',
  async handler(ctx, call, input) {
    const row = await authorizedStore(ctx, call, 'kms:UpdateCustomKeyStore', input.CustomKeyStoreId);
    refuseCloudHsmParams(input);
    const proxyChange = PROXY_PARAMS.some((p) => input[p] !== undefined);
    const allowed = proxyChange ? ['DISCONNECTED'] : ['DISCONNECTED', 'CONNECTED'];
    if (!allowed.includes(row.connection_state)) {
      fail('CustomKeyStoreInvalidStateException', `Custom key store ${row.id} is ${row.connection_state}; ${proxyChange ? 'disconnect it to change its proxy settings' : 'only a CONNECTED or DISCONNECTED store can be renamed'}.`);
    }
    const patch = {
      ...(input.NewCustomKeyStoreName !== undefined ? { name: input.NewCustomKeyStoreName as string } : {}),
      ...(proxyChange ? await proxyPatch(ctx, call, row, input) : {}),
    };
    if (Object.keys(patch).length === 0) return {};
    try { await updateStore(ctx, row, patch); } catch (err) {
      if (err instanceof DuplicateError) fail('CustomKeyStoreNameInUseException', `A custom key store named ${input.NewCustomKeyStoreName} already exists in this account and Region.`);
      throw err;
    }
    return {};
  },
};
