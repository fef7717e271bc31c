/**
 * The XKS settings of CreateCustomKeyStore and UpdateCustomKeyStore: which parameters go together,
 * what Trent can and cannot connect to (no CloudHSM clusters, no VPC endpoint services), and the
 * plain-http rule (loopback proxies only).
 */
import { fail } from '../api/errors.js';

const CLOUDHSM_PARAMS = ['CloudHsmClusterId', 'TrustAnchorCertificate', 'KeyStorePassword'] as const;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3})$/;

/** Throws ValidationException when an https-only rule is broken: plain http is for loopback proxies. */
export function checkProxyEndpoint(endpoint: string): void {
  const url = new URL(endpoint);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    fail('ValidationException', `XksProxyUriEndpoint ${endpoint} must use https; plain http is accepted only for a proxy on this machine (localhost, 127.0.0.0/8).`);
  }
}

/** Throws for CloudHSM parameters given to an external key store. */
export function refuseCloudHsmParams(input: Record<string, unknown>): void {
  const given = CLOUDHSM_PARAMS.filter((p) => input[p] !== undefined);
  if (given.length) fail('ValidationException', `${given.join(', ')} cannot be specified for a custom key store of type EXTERNAL_KEY_STORE.`);
}

/** AWS_CLOUDHSM: Trent has no CloudHSM clusters, so every cluster id is unknown, as AWS answers for one. */
export function refuseCloudHsm(input: Record<string, unknown>): never {
  const missing = CLOUDHSM_PARAMS.filter((p) => input[p] === undefined);
  if (missing.length) fail('ValidationException', `A custom key store of type AWS_CLOUDHSM requires ${missing.join(', ')}.`);
  return fail('CloudHsmClusterNotFoundException', `Cluster ${String(input.CloudHsmClusterId)} was not found in this account and Region.`);
}

/**
 * Checks connectivity: PUBLIC_ENDPOINT takes no VPC endpoint service; VPC_ENDPOINT_SERVICE needs one,
 * and no VPC endpoint service can exist outside AWS, so it is never found.
 */
export function checkConnectivity(connectivity: string, input: Record<string, unknown>): void {
  const vpcName = input.XksProxyVpcEndpointServiceName;
  if (connectivity === 'PUBLIC_ENDPOINT') {
    if (vpcName !== undefined || input.XksProxyVpcEndpointServiceOwner !== undefined) fail('ValidationException', 'XksProxyVpcEndpointServiceName and XksProxyVpcEndpointServiceOwner are valid only with XksProxyConnectivity VPC_ENDPOINT_SERVICE.');
    return;
  }
  if (vpcName === undefined) fail('ValidationException', 'XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  fail('XksProxyVpcEndpointServiceNotFoundException', `The VPC endpoint service ${String(vpcName)} was not found in this Region.`);
}

/** Throws ValidationException naming the missing required XKS parameters of CreateCustomKeyStore. */
export function requireXksParams(input: Record<string, unknown>): void {
  const missing = ['XksProxyUriEndpoint', 'XksProxyUriPath', 'XksProxyAuthenticationCredential', 'XksProxyConnectivity'].filter((p) => input[p] === undefined);
  if (missing.length) fail('ValidationException', `A custom key store of type EXTERNAL_KEY_STORE requires ${missing.join(', ')}.`);
}
