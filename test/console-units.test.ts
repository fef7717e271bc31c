/**
 * The console's own signing and ZIP writer, run in Node (which has the same WebCrypto): SigV4 against
 * @smithy/signature-v4 (the AWS SDK's signer) and CRC-32 against zlib's. The browser tests show
 * Trent accepts the signatures; these pin them to an independent implementation, session token included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { SignatureV4 } from '@smithy/signature-v4';
import { signPost } from '@trent/console/dist/sigv4.js';
import { crc32, zipStore } from '@trent/console/dist/zip.js';
import { Sha256 } from './helpers/raw.js';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

for (const sessionToken of [undefined, 'IQoJb3JpZ2luX2VjEXAMPLETOKEN==']) {
  test(`signPost matches the AWS SDK's SigV4 signer${sessionToken ? ' with a session token' : ''}`, async () => {
    const c = sessionToken ? { ...creds, sessionToken } : creds;
    const when = new Date('2026-11-23T18:30:05Z');
    const body = '{"KeyId":"alias/mykey","Plaintext":"aGk="}';
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt' };
    const ours = await signPost(c, 'eu-west-1', 'kms', '127.0.0.1:4747', headers, body, when);
    const smithy = new SignatureV4({ credentials: c, region: 'eu-west-1', service: 'kms', sha256: Sha256, applyChecksum: false });
    const theirs = await smithy.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4747, path: '/', query: {}, headers: { host: '127.0.0.1:4747', ...headers }, body }, { signingDate: when });
    assert.equal(ours.authorization, theirs.headers.authorization);
    assert.equal(ours['x-amz-date'], '20261123T183005Z');
    assert.equal(ours['x-amz-security-token'], sessionToken);
    assert.equal(ours.host, undefined, 'the browser sets Host itself');
    assert.ok(!JSON.stringify(ours).includes(creds.secretAccessKey), 'the secret is in no header');
  });
}

test('crc32 is CRC-32/ISO-HDLC (the check value, and zlib on random data)', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
  for (const n of [1, 31, 1000, 65537]) {
    const data = randomBytes(n);
    assert.equal(crc32(data), zlibCrc32(data), `${n} bytes`);
  }
});

test('zipStore: signatures, stored sizes and the central directory where the end record says', () => {
  const a = randomBytes(294);
  const zip = Buffer.from(zipStore([{ name: 'wrappingKey_x', data: a }, { name: 'README.txt', data: new Uint8Array() }], new Date(2026, 10, 23, 18, 30, 4)));
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  assert.equal(zip.readUInt16LE(8), 0, 'stored');
  assert.equal(zip.readUInt32LE(14), zlibCrc32(a));
  assert.equal(zip.readUInt32LE(18), 294);
  assert.equal(zip.subarray(30, 43).toString(), 'wrappingKey_x');
  assert.deepEqual(zip.subarray(43, 43 + 294), a);
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50);
  assert.equal(zip.readUInt16LE(end + 10), 2, 'two entries');
  const dirOffset = zip.readUInt32LE(end + 16);
  assert.equal(dirOffset + zip.readUInt32LE(end + 12), end, 'the directory ends where the end record starts');
  assert.equal(zip.readUInt32LE(dirOffset), 0x02014b50);
  assert.equal(zip.readUInt16LE(dirOffset + 12), (18 << 11) | (30 << 5) | 2, 'DOS time 18:30:04');
});
