/**
 * What Trent answers when an external key store proxy fails, by operation family, as AWS does
 * (XKS Proxy API specification, "KMS Considerations" of its error codes): store management gets the
 * XksProxy* exceptions, CreateKey the XksKey* ones, cryptographic operations KMSInvalidStateException,
 * ConnectCustomKeyStore a ConnectionErrorCode. Messages say what to check; never the proxy's own text.
 */
import { fail, type ErrorName } from '../api/errors.js';
import type { XksFailureKind } from './client.js';

const INTERPRET = 'Trent cannot interpret the answer of the external key store proxy. If this persists, report it to the proxy\'s administrator.';

const MESSAGES: Record<XksFailureKind, string> = {
  NOT_REACHABLE: 'Trent cannot reach the external key store proxy. Check that the proxy is running and reachable and that the proxy URI endpoint of the key store is right.',
  TIMED_OUT: 'The external key store proxy did not answer in time. Retry the request; if this persists, report it to the proxy\'s administrator.',
  TLS: 'Trent cannot establish a TLS connection with the external key store proxy. Check its TLS configuration and certificate.',
  INVALID_RESPONSE: INTERPRET,
  VALIDATION: INTERPRET,
  INVALID_CREDENTIALS: 'The external key store proxy could not authenticate Trent. Check the proxy authentication credential of the external key store and update it if needed.',
  ACCESS_DENIED: 'The external key store proxy denied this operation. Check that the caller and the external key are both authorized for it.',
  INVALID_URI_PATH: 'The external key store proxy rejected the URI path. Check the proxy URI path of the external key store and update it if needed.',
  THROTTLED: 'The external key store proxy refused the request because of its request rate. Use keys of this external key store less often.',
  UNSUPPORTED: 'The external key store proxy does not support the requested operation. If this persists, report it to the proxy\'s administrator.',
  DEPENDENCY_TIMEOUT: 'The external key store proxy timed out reaching its external key manager. Retry the request.',
  INTERNAL: 'The external key store proxy cannot communicate with its external key manager. Check the proxy\'s configuration and that the key manager is available.',
  KEY_NOT_FOUND: 'The external key of this KMS key was not found in its external key manager. If the external key ID is wrong, create a new KMS key with the right one.',
  KEY_INVALID_STATE: 'The external key of this KMS key is not enabled in its external key manager. Enable it there and retry the request.',
  KEY_INVALID_USAGE: 'The external key of this KMS key does not support the requested operation (it must be an AES-256 key allowed to encrypt and decrypt).',
  INVALID_CIPHERTEXT: 'The external key store proxy rejected the ciphertext or the encryption context as corrupted, missing or otherwise invalid.',
};

/** The message for a custom key store that is not connected. */
export const NOT_CONNECTED = 'This KMS key is in a custom key store that is not connected to its external key store proxy. Connect the custom key store and retry the request.';

/** CreateCustomKeyStore, UpdateCustomKeyStore: the XksProxy* exception. */
export function failStoreSetup(kind: XksFailureKind): never {
  const name: ErrorName = kind === 'NOT_REACHABLE' || kind === 'TIMED_OUT' || kind === 'TLS' || kind === 'THROTTLED' || kind === 'DEPENDENCY_TIMEOUT'
    ? 'XksProxyUriUnreachableException'
    : kind === 'INVALID_CREDENTIALS' ? 'XksProxyIncorrectAuthenticationCredentialException'
      : kind === 'INVALID_URI_PATH' ? 'XksProxyInvalidConfigurationException' : 'XksProxyInvalidResponseException';
  return fail(name, MESSAGES[kind]);
}

/** CreateKey in an external key store. */
export function failCreateKey(kind: XksFailureKind): never {
  const name: ErrorName = kind === 'KEY_NOT_FOUND' ? 'XksKeyNotFoundException'
    : kind === 'KEY_INVALID_STATE' || kind === 'KEY_INVALID_USAGE' || kind === 'UNSUPPORTED' ? 'XksKeyInvalidConfigurationException'
      : kind === 'ACCESS_DENIED' ? 'KMSInvalidStateException' : 'CustomKeyStoreInvalidStateException';
  return fail(name, MESSAGES[kind]);
}

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey*: always KMSInvalidStateException. */
export function failCrypto(kind: XksFailureKind): never {
  return fail('KMSInvalidStateException', MESSAGES[kind]);
}

/** ConnectCustomKeyStore: the ConnectionErrorCode of a FAILED store. */
export function connectionErrorCode(kind: XksFailureKind): string {
  switch (kind) {
    case 'NOT_REACHABLE': case 'THROTTLED': case 'DEPENDENCY_TIMEOUT': return 'XKS_PROXY_NOT_REACHABLE';
    case 'TIMED_OUT': return 'XKS_PROXY_TIMED_OUT';
    case 'TLS': return 'XKS_PROXY_INVALID_TLS_CONFIGURATION';
    case 'INVALID_CREDENTIALS': return 'INVALID_CREDENTIALS';
    case 'ACCESS_DENIED': return 'XKS_PROXY_ACCESS_DENIED';
    case 'INVALID_URI_PATH': return 'XKS_PROXY_INVALID_CONFIGURATION';
    default: return 'XKS_PROXY_INVALID_RESPONSE';
  }
}
