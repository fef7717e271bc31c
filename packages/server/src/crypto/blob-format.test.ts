/** The blob's bytes must not change with how they are assembled: fixed vectors opened, and sealed then opened. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openBlob, sealBlob, parseBlobHeader } from './blob.js';
import { encodeContext } from './encoding.js';
import { gcmOpen, gcmSeal } from './aead.js';

test('encodeContext of no context is the 4-byte count 0, as of an empty one', () => {
  assert.deepEqual(encodeContext(undefined), Buffer.alloc(4));
  assert.deepEqual(encodeContext({}), encodeContext(undefined));
});

test('gcmSeal with a prefix is prefix ‖ gcmSeal without one', () => {
  const key = randomBytes(32), iv = randomBytes(12), aad = randomBytes(9), prefix = randomBytes(77);
  for (const pt of [Buffer.alloc(0), randomBytes(1), randomBytes(4096)]) {
    const plain = gcmSeal(key, iv, pt, aad);
    const withPrefix = gcmSeal(key, iv, pt, aad, prefix);
    assert.deepEqual(withPrefix, Buffer.concat([prefix, plain]));
    assert.deepEqual(gcmOpen(key, iv, plain, aad), pt);
  }
  // AES-256 only, as with node:crypto's 'aes-256-gcm' before: a shorter key is refused, never used as AES-128.
  assert.throws(() => gcmSeal(randomBytes(16), iv, randomBytes(4), aad), RangeError);
  assert.throws(() => gcmOpen(randomBytes(16), iv, randomBytes(20), aad), RangeError);
});

test('sealBlob output opens, with and without context, and names its key', () => {
  const material = randomBytes(32), keyId = '1234abcd-12ab-34cd-56ef-1234567890ab', materialId = randomBytes(32).toString('hex');
  const contexts: (Record<string, string> | undefined)[] = [undefined, {}, { a: 'b', 'é': '😀' }];
  for (const ctx of contexts) {
    for (const pt of [randomBytes(1), randomBytes(4096)]) {
      const blob = sealBlob(keyId, materialId, material, pt, ctx);
      assert.equal(blob.length, 1 + 16 + 32 + 16 + 12 + pt.length + 16);
      assert.deepEqual(parseBlobHeader(blob), { keyId, materialId });
      assert.deepEqual(openBlob(blob, material, ctx), pt);
      const empty = ctx && Object.keys(ctx).length === 0;
      if (ctx === undefined || empty) assert.deepEqual(openBlob(blob, material, ctx === undefined ? {} : undefined), pt);
    }
  }
});

test('a multi-Region key blob has format byte 0x02, names its mrk- key id, and a UUID-key header cannot stand in for it', () => {
  const material = randomBytes(32), keyId = 'mrk-1234abcd12ab34cd56ef1234567890ab', materialId = randomBytes(32).toString('hex');
  const blob = sealBlob(keyId, materialId, material, Buffer.from('hello'), { a: 'b' });
  assert.equal(blob[0], 0x02);
  assert.deepEqual(parseBlobHeader(blob), { keyId, materialId });
  assert.deepEqual(openBlob(blob, material, { a: 'b' }), Buffer.from('hello'));
  const asUuid = Buffer.from(blob);
  asUuid[0] = 0x01; // the same 16 id bytes read as a UUID key: the header is in the AAD, so it does not open
  assert.equal(parseBlobHeader(asUuid).keyId, '1234abcd-12ab-34cd-56ef-1234567890ab');
  assert.throws(() => openBlob(asUuid, material, { a: 'b' }));
});
