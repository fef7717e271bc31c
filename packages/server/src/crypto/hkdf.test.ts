/** hkdf256 and hmac256 are hand-written for speed: they must give exactly node:crypto's bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hkdfSync, randomBytes } from 'node:crypto';
import { hkdf256 } from './aead.js';

test('hkdf256 equals hkdfSync for every length and salt shape', () => {
  for (const len of [0, 1, 16, 31, 32, 33, 64, 65, 100, 255 * 32]) {
    for (const salt of [Buffer.alloc(0), randomBytes(16), randomBytes(100)]) {
      const ikm = randomBytes(32);
      const info = Buffer.from('trent/v1/symmetric');
      assert.deepEqual(hkdf256(ikm, salt, info, len), Buffer.from(hkdfSync('sha256', ikm, salt, info, len)));
    }
  }
});

test('RFC 5869 test case 1', () => {
  const okm = hkdf256(Buffer.alloc(22, 0x0b), Buffer.from('000102030405060708090a0b0c', 'hex'), Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42);
  assert.equal(okm.toString('hex'), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
});

test('hkdf256 refuses impossible lengths', () => {
  assert.throws(() => hkdf256(randomBytes(32), Buffer.alloc(0), Buffer.alloc(0), 255 * 32 + 1), RangeError);
});

test('sha256Hex equals createHash for strings and buffers', async () => {
  const { createHash } = await import('node:crypto');
  const { sha256Hex } = await import('./aead.js');
  for (const v of ['', 'abc', 'é😀\n', randomBytes(0), randomBytes(5500)]) {
    assert.equal(sha256Hex(v), createHash('sha256').update(v).digest('hex'));
  }
});

test('hmac256 equals createHmac for keys and data of every size and type', async () => {
  const { createHmac } = await import('node:crypto');
  const { hmac256 } = await import('./aead.js');
  for (const klen of [0, 1, 16, 32, 44, 63, 64, 65, 131]) {
    for (const dlen of [0, 1, 19, 55, 56, 64, 150, 5500]) {
      const key = randomBytes(klen);
      const data = randomBytes(dlen);
      assert.deepEqual(hmac256(key, data), createHmac('sha256', key).update(data).digest());
      const skey = 'AWS4' + 'é'.repeat(klen % 7) + key.toString('base64');
      const sdata = `AWS4-HMAC-SHA256\n20261123T120000Z\n20261123/us-east-1/kms/aws4_request ü ${data.toString('hex')}`;
      assert.deepEqual(hmac256(skey, sdata), createHmac('sha256', skey).update(sdata).digest());
    }
  }
});

test('RFC 4231 test case 2', async () => {
  const { hmac256 } = await import('./aead.js');
  assert.equal(hmac256('Jefe', 'what do ya want for nothing?').toString('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});
