/**
 * CreateCustomKeyStore: an external key store whose proxy answers a signed health check, created
 * DISCONNECTED. CloudHSM key stores cannot exist here: every cluster id is unknown (xks/settings.ts).
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { DuplicateError } from '../../store/store.js';
import { failStoreSetup } from '../../xks/failures.js';
import { health } from '../../xks/proxy.js';
import { checkConnectivity, checkProxyEndpoint, refuseCloudHsm, refuseCloudHsmParams, requireXksParams } from '../../xks/settings.js';
import { newStoreId, sealProxySecret, viaProxy } from '../../xks/stores.js';

/** AWS's quota of custom key stores per account and Region. */
const MAX_STORES = 10;

export const op: Operation = {
  name: 'CreateCustomKeyStore',
  action: 'kms:CreateCustomKeyStore',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'kms:CreateCustomKeyStore');
    // AWS_CLOUDHSM is the type when none is given.
    if ((input.CustomKeyStoreType ?? 'AWS_CLOUDHSM') === 'AWS_CLOUDHSM') refuseCloudHsm(input);
    refuseCloudHsmParams(input);
    requireXksParams(input);
    checkConnectivity(input.XksProxyConnectivity, input);
    checkProxyEndpoint(input.XksProxyUriEndpoint);
    const repo = ctx.store.customKeyStores;
    const { accountId } = call.principal;
    if ((await repo.list(accountId, call.region, input.CustomKeyStoreName, undefined, 1)).length) {
      fail('CustomKeyStoreNameInUseException', `A custom key store named ${input.CustomKeyStoreName} already exists in this account and Region.`);
    }
    if (await repo.byProxyUri(accountId, call.region, input.XksProxyUriEndpoint, input.XksProxyUriPath)) {
      fail('XksProxyUriInUseException', 'Another external key store in this account and Region already uses this proxy URI endpoint and path.');
    }
    if ((await repo.list(accountId, call.region, undefined, undefined, MAX_STORES)).length >= MAX_STORES) {
      fail('LimitExceededException', `This account has reached the limit of ${MAX_STORES} custom key stores in this Region.`);
    }
    const cred = input.XksProxyAuthenticationCredential as { AccessKeyId: string; RawSecretAccessKey: string };
    const target = { endpoint: input.XksProxyUriEndpoint, path: input.XksProxyUriPath, accessKeyId: cred.AccessKeyId, secret: cred.RawSecretAccessKey, region: call.region };
    await viaProxy(() => health(target, call.requestId, 'CreateCustomKeyStore'), failStoreSetup);
    const id = newStoreId();
    try {
      await repo.insert({
        id, account_id: accountId, region: call.region, name: input.CustomKeyStoreName, store_type: 'EXTERNAL_KEY_STORE',
        connection_state: 'DISCONNECTED', connection_error_code: null, xks_uri_endpoint: input.XksProxyUriEndpoint,
        xks_uri_path: input.XksProxyUriPath, xks_connectivity: input.XksProxyConnectivity, xks_access_key_id: cred.AccessKeyId,
        xks_secret_sealed: sealProxySecret(ctx, id, cred.RawSecretAccessKey), created_at: Date.now(), version: 1,
      });
    } catch (err) {
      if (err instanceof DuplicateError) fail('CustomKeyStoreNameInUseException', `A custom key store named ${input.CustomKeyStoreName} already exists in this account and Region.`);
      throw err;
    }
    return { CustomKeyStoreId: id };
  },
};
