import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawAesKeyring } from '../keyrings/raw-aes.js';
import { decrypt, encrypt, encryptStream } from '../stream/api.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import type { EncryptedDataKey } from '../format/header.js';
import { MaterialsCache } from './cache.js';
import { CachingMaterialsManager } from './caching.js';

/** A real raw AES keyring that counts how often it is asked for keys. */
function counted(): Keyring & { enc: number; dec: number } {
  const inner = new RawAesKeyring({ keyNamespace: 'cache', keyName: 'k', wrappingKey: randomBytes(32) });
  const k = {
    enc: 0, dec: 0,
    onEncrypt: (m: EncryptionMaterials) => { k.enc++; return inner.onEncrypt(m); },
    onDecrypt: (m: DecryptionMaterials, e: readonly EncryptedDataKey[]) => { k.dec++; return inner.onDecrypt(m, e); },
  };
  return k;
}
const edkOf = async (cmm: CachingMaterialsManager, n: number, ec: Record<string, string> = { a: 'b' }) =>
  (await encrypt(cmm, randomBytes(n), { encryptionContext: ec })).messageHeader.encryptedDataKeys[0]!.ciphertext.toString('hex');

test('reuses a data key up to max messages, and cached keys still decrypt after use', async () => {
  const k = counted();
  const cmm = new CachingMaterialsManager({ source: k, cache: new MaterialsCache(10), maxAge: 60, maxMessagesEncrypted: 2 });
  const m1 = await encrypt(cmm, 'one', { encryptionContext: { a: 'b' } });
  const m2 = await encrypt(cmm, 'two', { encryptionContext: { a: 'b' } });
  assert.deepEqual(m1.messageHeader.encryptedDataKeys, m2.messageHeader.encryptedDataKeys, 'same EDK: cache hit');
  assert.notDeepEqual(m1.messageHeader.messageId, m2.messageHeader.messageId);
  assert.equal(k.enc, 1);
  await edkOf(cmm, 3);
  assert.equal(k.enc, 2, 'third message: over max messages, new data key');
  assert.equal((await decrypt(k, m2.result)).plaintext.toString(), 'two', 'the cached key was not zeroed by use');
  await edkOf(cmm, 3, { other: 'context' });
  assert.equal(k.enc, 3, 'another encryption context is another entry');
});

test('max bytes, max age, unknown lengths and identity-KDF suites bypass or renew the cache', async () => {
  const k = counted();
  const cmm = new CachingMaterialsManager({ source: k, cache: new MaterialsCache(10), maxAge: 0.05, maxBytesEncrypted: 100 });
  const a = await edkOf(cmm, 60), b = await edkOf(cmm, 60);
  assert.notEqual(a, b, '120 bytes exceed max bytes 100');
  assert.equal(await edkOf(cmm, 30), b, '90 bytes fit');
  await sleep(80);
  assert.notEqual(await edkOf(cmm, 1), b, 'expired after max age');
  const before = k.enc;
  const s = encryptStream(cmm, { encryptionContext: { a: 'b' } });
  s.resume(); s.end(Buffer.from('stream without a known length'));
  await new Promise((r) => s.on('end', r));
  assert.equal(k.enc, before + 1, 'streams without plaintextLength are not served from the cache');
  const forbid = { commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', suite: 0x0014, encryptionContext: { a: 'b' } } as const;
  const x = await encrypt(cmm, 'x', forbid), y = await encrypt(cmm, 'y', forbid);
  assert.notDeepEqual(x.messageHeader.encryptedDataKeys, y.messageHeader.encryptedDataKeys, 'identity-KDF suites are never cached');
});

test('decryption materials are cached per EDK set and context; capacity evicts the least recently used', async () => {
  const k = counted();
  const cmm = new CachingMaterialsManager({ source: k, cache: new MaterialsCache(1), maxAge: 60 });
  const m1 = (await encrypt(k, 'first')).result, m2 = (await encrypt(k, 'second')).result;
  assert.equal((await decrypt(cmm, m1)).plaintext.toString(), 'first');
  assert.equal((await decrypt(cmm, m1)).plaintext.toString(), 'first');
  assert.equal(k.dec, 1, 'second decrypt served from the cache');
  await decrypt(cmm, m2);
  await decrypt(cmm, m1);
  assert.equal(k.dec, 3, 'capacity 1: m2 evicted m1');
});
