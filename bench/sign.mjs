/**
 * Real SigV4 requests for the load generators: signed once per scenario with @smithy/signature-v4
 * (the signer inside @aws-sdk/client-kms) and replayed for the scenario's few seconds, well inside
 * SigV4's five-minute window (AWS accepts replays within it). The server verifies every one in full.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** The Hash the signer wants, on node:crypto. */
class Sha256 {
  constructor(secret) { this.h = secret ? createHmac('sha256', secret) : createHash('sha256'); }
  update(data) { this.h.update(data); }
  async digest() { return new Uint8Array(this.h.digest()); }
}

/**
 * Signs one KMS JSON 1.1 request.
 * @param {{ host: string, port: number, region: string, credentials: { accessKeyId: string, secretAccessKey: string } }} target
 * @returns {Promise<{ headers: Record<string,string>, body: string, raw: string }>} headers for fetch, and the whole HTTP/1.1 request as sent on the wire
 */
export async function signKms(target, op, input) {
  const body = JSON.stringify(input);
  const signer = new SignatureV4({ service: 'kms', region: target.region, credentials: target.credentials, sha256: Sha256 });
  const req = {
    method: 'POST', protocol: 'http:', hostname: target.host, port: target.port, path: '/', query: {},
    headers: {
      host: `${target.host}:${target.port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${op}`,
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  };
  const signed = await signer.sign(req);
  const lines = ['POST / HTTP/1.1'];
  for (const [k, v] of Object.entries(signed.headers)) lines.push(`${k}: ${v}`);
  const raw = lines.join('\r\n') + '\r\n\r\n' + body;
  const { host: _host, 'content-length': _len, ...headers } = signed.headers;
  return { headers, body, raw };
}

/** Sends one signed KMS call with fetch and returns the parsed reply (throws on a non-200). */
export async function callKms(target, op, input) {
  const { headers, body } = await signKms(target, op, input);
  const res = await fetch(`http://${target.host}:${target.port}/`, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${op} on port ${target.port}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
