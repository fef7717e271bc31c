import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { leftPad, pkcs1Unpad } from './pkcs1.js';

/** EME-PKCS1-v1_5 encoding (RFC 8017 §7.2.1) with non-zero random padding. */
function pad(msg: Buffer, k: number): Buffer {
  const ps = randomBytes(k - msg.length - 3).map((b) => b || 1);
  return Buffer.concat([Buffer.of(0, 2), ps, Buffer.of(0), msg]);
}

test('unpads real RSA PKCS#1 v1.5 ciphertexts through a raw decrypt', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  for (let i = 0; i < 5; i++) {
    const key = randomBytes(32);
    const ct = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    const em = leftPad(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ct), 256);
    assert.deepEqual(pkcs1Unpad(em, 32), key);
    assert.equal(pkcs1Unpad(em, 16), undefined, 'length mismatch is refused');
  }
});

test('refuses every malformed encoding', () => {
  const msg = randomBytes(32);
  const good = pad(msg, 256);
  assert.deepEqual(pkcs1Unpad(good, 32), msg);
  const cases: [string, (b: Buffer) => void][] = [
    ['first byte not 0', (b) => { b[0] = 1; }],
    ['block type not 2', (b) => { b[1] = 1; }],
    ['no separator', (b) => { b.fill(7, 2); }],
    ['padding shorter than 8', (b) => { b[5] = 0; }],
  ];
  for (const [what, mutate] of cases) { const b = Buffer.from(good); mutate(b); assert.equal(pkcs1Unpad(b, 32), undefined, what); }
  const shortPs = Buffer.concat([Buffer.of(0, 2), Buffer.alloc(7, 9), Buffer.of(0), randomBytes(246)]);
  assert.equal(pkcs1Unpad(shortPs, 246), undefined, '7 bytes of padding');
  const eight = Buffer.concat([Buffer.of(0, 2), Buffer.alloc(8, 9), Buffer.of(0), randomBytes(245)]);
  assert.equal(pkcs1Unpad(eight, 245)?.length, 245, 'exactly 8 bytes of padding is valid');
});
