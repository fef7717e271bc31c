/** signRequest (Trent as a SigV4 client, for XKS proxies) produces signatures Trent's own verifier accepts, and only those. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredential, signRequest, verifySignature } from './sigv4.js';

const key = { accessKeyId: 'AKIDXKSPROXYTEST0001', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA', region: 'eu-west-1', service: 'kms-xks-proxy' };

function asReceived(url: URL, headers: Record<string, string>, body: Buffer) {
  return { method: 'POST', url: url.pathname, rawHeaders: Object.entries(headers).flat(), body };
}

test('a signed request verifies; another body or another secret does not', () => {
  const url = new URL('http://127.0.0.1:9000/tenant-1/kms/xks/v1/keys/key-01.a_b/encrypt');
  const body = Buffer.from('{"plaintext":"AAAA"}');
  const headers = signRequest('POST', url, { 'content-type': 'application/json' }, body, key);
  const c = parseCredential(asReceived(url, headers, body), new URLSearchParams());
  assert.deepEqual([c.accessKeyId, c.region, c.service, c.signedHeaders], [key.accessKeyId, 'eu-west-1', 'kms-xks-proxy', ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']]);
  verifySignature(asReceived(url, headers, body), c, key.secret);
  assert.throws(() => verifySignature(asReceived(url, headers, Buffer.from('{"plaintext":"AAAB"}')), c, key.secret), { name: 'InvalidSignatureException' });
  const forged = signRequest('POST', url, { 'content-type': 'application/json' }, body, { ...key, secret: key.secret + 'x' });
  assert.throws(() => verifySignature(asReceived(url, forged, body), parseCredential(asReceived(url, forged, body), new URLSearchParams()), key.secret), { name: 'InvalidSignatureException' });
});
