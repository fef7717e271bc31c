/**
 * Raw SigV4-signed JSON 1.1 requests: any body (even malformed JSON) with a valid signature, so
 * tests can see exactly what Trent answers on the wire. Signing is @smithy/signature-v4, the
 * signer inside the AWS SDK, so the server is checked against an independent implementation.
 */
import { createHash, createHmac, type Hash as NodeHash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Trent } from './trent.js';

function bytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof d === 'string') return d;
  return d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** SHA-256 in the shape @smithy/signature-v4 expects (an HMAC when given a secret). */
class Sha256 {
  private readonly h: NodeHash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void { this.h.update(bytes(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.h.digest()); }
}

/** A raw response: status, lower-cased headers, body text and the body parsed as JSON when it is JSON. */
export interface RawResponse { status: number; headers: Record<string, string>; text: string; json: any }

/** Options of one raw request. */
export interface RawOptions {
  /** The full X-Amz-Target; default `TrentService.<op>`. `null` sends no target header. */
  target?: string | null;
  contentType?: string;
  /** The SigV4 service name to sign for; default `kms`. */
  service?: string;
}

/** SigV4-signs a POST / with these headers and body for `t`; returns the headers to send (Host included). */
export async function signHeaders(t: Trent, headers: Record<string, string>, body: Buffer, service = 'kms'): Promise<Record<string, string>> {
  const url = new URL(t.endpoint);
  const signer = new SignatureV4({ credentials: t.credentials, region: t.region, service, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, ...headers }, body,
  });
  return { ...signed.headers };
}

/** Sends `body` (a string or Buffer sent byte for byte; anything else is JSON-encoded) as operation `op`. */
export async function rawCall(t: Trent, op: string, body: unknown, opts: RawOptions = {}): Promise<RawResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  const url = new URL(t.endpoint);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': opts.contentType ?? 'application/x-amz-json-1.1',
  };
  const target = opts.target === undefined ? `TrentService.${op}` : opts.target;
  if (target !== null) headers['x-amz-target'] = target;
  const sendHeaders = await signHeaders(t, headers, bytes, opts.service);
  delete sendHeaders.host; // fetch sets Host itself
  const r = await fetch(t.endpoint + '/', { method: 'POST', headers: sendHeaders, body: bytes });
  const text = await r.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  const h: Record<string, string> = {};
  r.headers.forEach((v, k) => { h[k] = v; });
  return { status: r.status, headers: h, text, json };
}

/** Calls `op` and returns the parsed success body; throws with the error body otherwise. */
export async function ok(t: Trent, op: string, body: unknown): Promise<any> {
  const r = await rawCall(t, op, body);
  if (r.status !== 200) throw new Error(`${op} answered ${r.status}: ${r.text}`);
  return r.json;
}
