/**
 * The four XKS Proxy API v1 calls Trent makes (GetHealthStatus, GetKeyMetadata, Encrypt, Decrypt),
 * with the request metadata the specification asks for and strict checks of every answer: a field
 * missing, mistyped or out of bounds is INVALID_RESPONSE.
 */
import { XksFailure, callProxy, type ProxyTarget } from './client.js';

/** Who asked and why: the specification's `requestMetadata`. */
export interface RequestMetadata { awsPrincipalArn: string; kmsOperation: string; kmsRequestId: string; kmsKeyArn?: string }

/** The external key's fields: what the proxy says, AES-GCM ciphertext with IV, tag and metadata. */
export interface XksCiphertext { ciphertext: Buffer; iv: Buffer; tag: Buffer; metadata: Buffer }

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function blob(body: Record<string, unknown>, name: string, optional = false): Buffer {
  const v = body[name];
  if (v === undefined && optional) return Buffer.alloc(0);
  if (typeof v !== 'string' || !BASE64.test(v)) throw new XksFailure('INVALID_RESPONSE');
  return Buffer.from(v, 'base64');
}

function keyRoute(xksKeyId: string, action: string): string {
  return `/keys/${encodeURIComponent(xksKeyId)}/${action}`;
}

/** GetHealthStatus: resolves when at least one external key manager can serve traffic. */
export async function health(target: ProxyTarget, kmsRequestId: string, kmsOperation: string): Promise<void> {
  const body = await callProxy(target, '/health', { requestMetadata: { kmsRequestId, kmsOperation } });
  const fleet = body.ekmFleetDetails;
  if (!Array.isArray(fleet) || fleet.length === 0 || typeof body.xksProxyVendor !== 'string') throw new XksFailure('INVALID_RESPONSE');
  const statuses = fleet.map((e) => (e as Record<string, unknown>)?.healthStatus);
  if (statuses.some((s) => s !== 'ACTIVE' && s !== 'DEGRADED' && s !== 'UNAVAILABLE')) throw new XksFailure('INVALID_RESPONSE');
  // Every key manager unavailable: AWS answers as for an unreachable proxy.
  if (statuses.every((s) => s === 'UNAVAILABLE')) throw new XksFailure('NOT_REACHABLE');
}

/** GetKeyMetadata: throws unless the external key is an enabled AES-256 key that encrypts and decrypts. */
export async function checkExternalKey(target: ProxyTarget, xksKeyId: string, meta: RequestMetadata): Promise<void> {
  const body = await callProxy(target, keyRoute(xksKeyId, 'metadata'), { requestMetadata: meta });
  const usage = body.keyUsage;
  if (typeof body.keySpec !== 'string' || !Array.isArray(usage) || typeof body.keyStatus !== 'string') throw new XksFailure('INVALID_RESPONSE');
  if (body.keySpec !== 'AES_256' || !usage.includes('ENCRYPT') || !usage.includes('DECRYPT')) throw new XksFailure('KEY_INVALID_USAGE');
  if (body.keyStatus !== 'ENABLED') throw new XksFailure('KEY_INVALID_STATE');
}

/** Encrypt under the external key with AES_GCM and `aad`. */
export async function xksEncrypt(target: ProxyTarget, xksKeyId: string, meta: RequestMetadata, plaintext: Buffer, aad: Buffer): Promise<XksCiphertext> {
  const body = await callProxy(target, keyRoute(xksKeyId, 'encrypt'), {
    requestMetadata: meta, plaintext: plaintext.toString('base64'), additionalAuthenticatedData: aad.toString('base64'), encryptionAlgorithm: 'AES_GCM',
  });
  const out = { ciphertext: blob(body, 'ciphertext'), iv: blob(body, 'initializationVector'), tag: blob(body, 'authenticationTag'), metadata: blob(body, 'ciphertextMetadata', true) };
  // AES-GCM keeps the length; IV 12 or 16 bytes, tag 16, metadata at most 20 (spec, Encrypt).
  if (out.ciphertext.length !== plaintext.length || (out.iv.length !== 12 && out.iv.length !== 16) || out.tag.length !== 16 || out.metadata.length > 20) {
    throw new XksFailure('INVALID_RESPONSE');
  }
  return out;
}

/** Decrypt with the external key; the answer must be as long as the ciphertext. */
export async function xksDecrypt(target: ProxyTarget, xksKeyId: string, meta: RequestMetadata, c: XksCiphertext, aad: Buffer): Promise<Buffer> {
  const body = await callProxy(target, keyRoute(xksKeyId, 'decrypt'), {
    requestMetadata: meta, ciphertext: c.ciphertext.toString('base64'), initializationVector: c.iv.toString('base64'),
    authenticationTag: c.tag.toString('base64'), additionalAuthenticatedData: aad.toString('base64'), encryptionAlgorithm: 'AES_GCM',
    ...(c.metadata.length ? { ciphertextMetadata: c.metadata.toString('base64') } : {}),
  });
  const plaintext = blob(body, 'plaintext');
  if (plaintext.length !== c.ciphertext.length) { plaintext.fill(0); throw new XksFailure('INVALID_RESPONSE'); }
  return plaintext;
}
