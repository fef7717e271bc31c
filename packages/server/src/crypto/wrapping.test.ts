/** Unwrapping imported key material: every algorithm round-trips; anything else is one UnwrapError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { UnwrapError, generateWrappingKeyPair, unwrapKeyMaterial } from './wrapping.js';

const pair = generateWrappingKeyPair(2048);

function rsaOaep(spki: Buffer, hash: string, data: Buffer): Buffer {
  return publicEncrypt({ key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
}

function kwp(aesKey: Buffer, data: Buffer): Buffer {
  const c = createCipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([c.update(data), c.final()]);
}

test('RSAES_OAEP_SHA_1/256 and RSA_AES_KEY_WRAP_SHA_1/256 (128- and 256-bit AES keys) unwrap', async () => {
  const { publicKey, privateKey } = await pair;
  const material = randomBytes(32);
  assert.deepEqual(unwrapKeyMaterial('RSAES_OAEP_SHA_1', privateKey, rsaOaep(publicKey, 'sha1', material)), material);
  assert.deepEqual(unwrapKeyMaterial('RSAES_OAEP_SHA_256', privateKey, rsaOaep(publicKey, 'sha256', material)), material);
  for (const [alg, hash] of [['RSA_AES_KEY_WRAP_SHA_1', 'sha1'], ['RSA_AES_KEY_WRAP_SHA_256', 'sha256']] as const) {
    for (const size of [16, 32]) {
      const aes = randomBytes(size);
      const wrapped = Buffer.concat([rsaOaep(publicKey, hash, aes), kwp(aes, material)]);
      assert.deepEqual(unwrapKeyMaterial(alg, privateKey, wrapped), material, `${alg} with AES-${size * 8}`);
    }
  }
});

test('wrong hash, wrong algorithm, tampering, truncation and retired algorithms are one UnwrapError', async () => {
  const { publicKey, privateKey } = await pair;
  const material = randomBytes(32);
  const sha1 = rsaOaep(publicKey, 'sha1', material);
  const aes = randomBytes(32);
  const kw = Buffer.concat([rsaOaep(publicKey, 'sha256', aes), kwp(aes, material)]);
  const tampered = Buffer.from(kw);
  tampered[tampered.length - 1]! ^= 1;
  const cases: [string, Buffer][] = [
    ['RSAES_OAEP_SHA_256', sha1], ['RSA_AES_KEY_WRAP_SHA_1', kw], ['RSA_AES_KEY_WRAP_SHA_256', tampered],
    ['RSA_AES_KEY_WRAP_SHA_256', kw.subarray(0, 256)], ['RSAES_PKCS1_V1_5', sha1], ['RSAES_OAEP_SHA_1', Buffer.alloc(0)],
  ];
  for (const [alg, data] of cases) assert.throws(() => unwrapKeyMaterial(alg, privateKey, data), UnwrapError, alg);
});
