/**
 * The transport to an external key store proxy (XKS Proxy API v1): JSON over HTTP(S), every request
 * SigV4-signed with the store's proxy authentication credential (service `kms-xks-proxy`, the key
 * store's region). Any failure becomes one XksFailure naming what went wrong, never the proxy's text.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signRequest } from '../auth/sigv4.js';

/** How long Trent waits for the proxy (AWS waits 250 ms; Trent allows for slower test machines). */
export const PROXY_TIMEOUT_MS = 2000;
const MAX_RESPONSE = 64 * 1024;

/** What went wrong talking to a proxy; failures.ts turns it into AWS's exception for each operation. */
export type XksFailureKind =
  | 'NOT_REACHABLE' | 'TIMED_OUT' | 'TLS' | 'INVALID_RESPONSE'
  | 'INVALID_CREDENTIALS' | 'ACCESS_DENIED' | 'INVALID_URI_PATH' | 'VALIDATION' | 'THROTTLED' | 'UNSUPPORTED'
  | 'DEPENDENCY_TIMEOUT' | 'INTERNAL' | 'KEY_NOT_FOUND' | 'KEY_INVALID_STATE' | 'KEY_INVALID_USAGE' | 'INVALID_CIPHERTEXT';

/** A failed proxy call. */
export class XksFailure extends Error {
  constructor(readonly kind: XksFailureKind) { super(`external key store proxy: ${kind}`); }
}

/** Where a proxy is and how to sign for it (the secret is unsealed only for the call). */
export interface ProxyTarget { endpoint: string; path: string; accessKeyId: string; secret: string; region: string }

// The proxy's `errorName` (spec, "Error codes") → failure kind.
const ERROR_NAMES: Record<string, XksFailureKind> = {
  ValidationException: 'VALIDATION', InvalidStateException: 'KEY_INVALID_STATE', InvalidCiphertextException: 'INVALID_CIPHERTEXT',
  InvalidKeyUsageException: 'KEY_INVALID_USAGE', AuthenticationFailedException: 'INVALID_CREDENTIALS', AccessDeniedException: 'ACCESS_DENIED',
  KeyNotFoundException: 'KEY_NOT_FOUND', InvalidUriPathException: 'INVALID_URI_PATH', ThrottlingException: 'THROTTLED',
  UnsupportedOperationException: 'UNSUPPORTED', DependencyTimeoutException: 'DEPENDENCY_TIMEOUT', InternalException: 'INTERNAL',
};

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH|EPROTO)/;

function failureOf(err: NodeJS.ErrnoException): XksFailure {
  if (err instanceof XksFailure) return err;
  return new XksFailure(TLS_CODES.test(err.code ?? '') ? 'TLS' : 'NOT_REACHABLE');
}

function decode(status: number, text: string): Record<string, unknown> {
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw new XksFailure('INVALID_RESPONSE'); }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new XksFailure('INVALID_RESPONSE');
  const b = body as Record<string, unknown>;
  if (status === 200) return b;
  throw new XksFailure(ERROR_NAMES[String(b.errorName)] ?? 'INVALID_RESPONSE');
}

/** POSTs `body` to `<endpoint><path><route>`, signed; resolves to the JSON answer or throws XksFailure. */
export function callProxy(target: ProxyTarget, route: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = new URL(target.endpoint + target.path + route);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const headers = signRequest('POST', url, { 'content-type': 'application/json' }, payload,
    { accessKeyId: target.accessKeyId, secret: target.secret, region: target.region, service: 'kms-xks-proxy' });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) }, timeout: PROXY_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE) { req.destroy(new XksFailure('INVALID_RESPONSE')); return; }
        chunks.push(c);
      });
      res.on('end', () => {
        try { resolve(decode(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))); } catch (err) { reject(err); }
      });
      res.on('error', (err) => reject(failureOf(err)));
    });
    req.on('timeout', () => req.destroy(new XksFailure('TIMED_OUT')));
    req.on('error', (err) => reject(failureOf(err)));
    req.end(payload);
  });
}
