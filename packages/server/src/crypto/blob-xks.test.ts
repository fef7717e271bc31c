/** Format v3 (external key stores): what composeXksBlob writes parseXksBlob reads back; malformed blobs are BadCiphertext. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadCiphertext } from './blob.js';
import { composeXksBlob, isXksBlob, parseXksBlob, xksAad, xksHeader } from './blob-xks.js';

const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const materialId = 'ab'.repeat(32);

test('a v3 blob names its key and material and keeps the proxy\'s IV, tag, metadata and ciphertext', () => {
  for (const [ivLen, metaLen] of [[12, 0], [16, 20], [12, 3]] as const) {
    const outer = { iv: Buffer.alloc(ivLen, 1), tag: Buffer.alloc(16, 2), metadata: Buffer.alloc(metaLen, 3), ciphertext: Buffer.alloc(97, 4) };
    const blob = composeXksBlob(xksHeader(keyId, materialId), outer);
    assert.ok(isXksBlob(blob));
    const p = parseXksBlob(blob);
    assert.deepEqual({ keyId: p.keyId, materialId: p.materialId, iv: p.iv, tag: p.tag, metadata: p.metadata, ciphertext: p.ciphertext }, { keyId, materialId, ...outer });
    assert.deepEqual(p.header, xksHeader(keyId, materialId));
  }
});

test('malformed v3 blobs are BadCiphertext', () => {
  const good = composeXksBlob(xksHeader(keyId, materialId), { iv: Buffer.alloc(12), tag: Buffer.alloc(16), metadata: Buffer.alloc(0), ciphertext: Buffer.alloc(10) });
  const badIv = Buffer.from(good); badIv[49] = 13;
  const badMeta = Buffer.from(good); badMeta[49 + 1 + 12 + 16] = 21;
  for (const b of [good.subarray(0, 49), good.subarray(0, 70), badIv, badMeta, Buffer.from([0x01, ...good.subarray(1)])]) {
    assert.throws(() => parseXksBlob(b), BadCiphertext);
  }
});

test('the AAD sent to the proxy binds the header and the encryption context', () => {
  const h = xksHeader(keyId, materialId);
  assert.notDeepEqual(xksAad(h, { a: 'b' }), xksAad(h, { a: 'c' }));
  assert.notDeepEqual(xksAad(h, {}), xksAad(xksHeader(keyId, 'cd'.repeat(32)), {}));
  assert.deepEqual(xksAad(h, undefined), xksAad(h, {}));
});
