import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { AUTH_FAILED, fallback, native, nativeGcm, type GcmImplementation } from './index.js';

const implementations: [string, GcmImplementation][] = [['node:crypto fallback', fallback]];
if (nativeGcm) implementations.push(['native', nativeGcm]);

/** The reference: node:crypto one-shot, ciphertext ‖ tag. */
function reference(key: Buffer, iv: Buffer, aad: Buffer, pt: Buffer): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

test('CI builds and loads the native addon', () => {
  if (process.env.CI === 'true') assert.ok(native, 'the native AES-GCM addon did not load: see packages/gcm/build.log');
});

for (const [name, gcm] of implementations) {
  test(`${name}: seal and open match node:crypto byte for byte`, () => {
    for (const len of [0, 1, 15, 16, 4096, 100000]) {
      for (const keyLen of [16, 24, 32]) {
        const key = randomBytes(keyLen), iv = randomBytes(12), aad = randomBytes(randomInt(0, 100)), pt = randomBytes(len);
        const k = gcm.gcmKey(key);
        const at = randomInt(0, 8), out = Buffer.alloc(at + len + 16 + 3, 0xee);
        assert.equal(gcm.sealInto(k, iv, aad, pt, out, at), len + 16);
        assert.deepEqual(out.subarray(at, at + len + 16), reference(key, iv, aad, pt), `${len} bytes, ${keyLen}-byte key`);
        assert.ok(out.subarray(0, at).every((b) => b === 0xee) && out.subarray(at + len + 16).every((b) => b === 0xee), 'nothing written outside');
        const back = Buffer.alloc(len + 5);
        assert.equal(gcm.openInto(k, iv, aad, out.subarray(at, at + len + 16), back, 5), len);
        assert.deepEqual(back.subarray(5), pt);
        k.destroy();
      }
    }
  });

  test(`${name}: a flipped bit in ciphertext, tag, AAD or IV fails and leaves no plaintext`, () => {
    const key = randomBytes(32), iv = randomBytes(12), aad = randomBytes(40), pt = randomBytes(4096);
    const k = gcm.gcmKey(key), sealed = reference(key, iv, aad, pt);
    const flip = (b: Buffer, i: number) => { const c = Buffer.from(b); c[i]! ^= 1 << randomInt(8); return c; };
    const cases: [Buffer, Buffer, Buffer][] = [
      [iv, aad, flip(sealed, randomInt(4096))], [iv, aad, flip(sealed, 4096 + randomInt(16))],
      [iv, flip(aad, randomInt(40)), sealed], [flip(iv, randomInt(12)), aad, sealed],
    ];
    for (const [i, a, s] of cases) {
      const out = Buffer.alloc(4096, 0xee);
      assert.throws(() => gcm.openInto(k, i, a, s, out, 0), (e: NodeJS.ErrnoException) => e.code === AUTH_FAILED);
      assert.ok(out.every((b) => b === 0 || b === 0xee), 'no plaintext left in out');
      assert.ok(!out.equals(pt));
    }
  });

  test(`${name}: bad arguments throw TypeError/RangeError, never write out of bounds`, () => {
    const k = gcm.gcmKey(randomBytes(32)), iv = randomBytes(12), pt = randomBytes(32), aad = Buffer.alloc(0);
    const out = Buffer.alloc(48);
    const range = (f: () => unknown) => assert.throws(f, RangeError);
    const type = (f: () => unknown) => assert.throws(f, TypeError);
    range(() => gcm.gcmKey(randomBytes(31)));
    type(() => gcm.gcmKey('k'.repeat(32) as unknown as Uint8Array));
    range(() => gcm.sealInto(k, randomBytes(11), aad, pt, out, 0));
    range(() => gcm.sealInto(k, iv, aad, pt, out, 1));
    range(() => gcm.sealInto(k, iv, aad, pt, out, -1));
    range(() => gcm.sealInto(k, iv, aad, pt, out, 0.5));
    range(() => gcm.sealInto(k, iv, aad, pt, out, 2 ** 53));
    range(() => gcm.sealInto(k, iv, aad, pt, Buffer.alloc(47), 0));
    range(() => gcm.openInto(k, iv, aad, Buffer.alloc(15), out, 0));
    range(() => gcm.openInto(k, iv, aad, Buffer.alloc(64), out, 1));
    type(() => gcm.sealInto(k, iv, aad, pt, out, '0' as unknown as number));
    type(() => gcm.sealInto(k, iv, 'aad' as unknown as Uint8Array, pt, out, 0));
    type(() => gcm.sealInto(k, iv, aad, pt, new Uint16Array(24) as unknown as Uint8Array, 0));
    type(() => gcm.sealInto({ destroy() {} }, iv, aad, pt, out, 0));
    type(() => gcm.sealInto(undefined as unknown as never, iv, aad, pt, out, 0));
    assert.equal(gcm.sealInto(k, iv, aad, pt, out, 0), 48, 'the handle still works after the refusals');
  });

  test(`${name}: one-shot seal and open (key bytes, no handle) match node:crypto; refusals as with handles`, () => {
    for (const len of [0, 1, 4096, 100000]) {
      for (const keyLen of [16, 32]) {
        const key = randomBytes(keyLen), iv = randomBytes(12), aad = randomBytes(randomInt(0, 100)), pt = randomBytes(len);
        const at = randomInt(0, 8), out = Buffer.alloc(at + len + 16 + 3, 0xee);
        assert.equal(gcm.sealOnce(key, iv, aad, pt, out, at), len + 16);
        assert.deepEqual(out.subarray(at, at + len + 16), reference(key, iv, aad, pt));
        assert.ok(out.subarray(0, at).every((b) => b === 0xee) && out.subarray(at + len + 16).every((b) => b === 0xee), 'nothing written outside');
        const back = Buffer.alloc(len);
        assert.equal(gcm.openOnce(key, iv, aad, out.subarray(at, at + len + 16), back, 0), len);
        assert.deepEqual(back, pt);
        const bad = Buffer.from(out.subarray(at, at + len + 16));
        bad[randomInt(bad.length)]! ^= 1;
        const none = Buffer.alloc(len, 0xee);
        assert.throws(() => gcm.openOnce(key, iv, aad, bad, none, 0), (e: NodeJS.ErrnoException) => e.code === AUTH_FAILED);
        assert.ok(none.every((b) => b === 0 || b === 0xee), 'no plaintext left');
      }
    }
    const iv = randomBytes(12), pt = randomBytes(32), out = Buffer.alloc(48);
    assert.throws(() => gcm.sealOnce(randomBytes(31), iv, Buffer.alloc(0), pt, out, 0), RangeError);
    assert.throws(() => gcm.sealOnce(gcm.gcmKey(randomBytes(32)) as unknown as Uint8Array, iv, Buffer.alloc(0), pt, out, 0), TypeError);
    assert.throws(() => gcm.sealOnce(randomBytes(32), iv, Buffer.alloc(0), pt, Buffer.alloc(47), 0), RangeError);
    assert.throws(() => gcm.openOnce(randomBytes(32), randomBytes(11), Buffer.alloc(0), out, pt, 0), RangeError);
  });

  test(`${name}: a destroyed key throws`, () => {
    const k = gcm.gcmKey(randomBytes(32)), iv = randomBytes(12), out = Buffer.alloc(32);
    k.destroy();
    assert.throws(() => gcm.sealInto(k, iv, Buffer.alloc(0), Buffer.alloc(16), out, 0), (e: NodeJS.ErrnoException) => e.code === 'ERR_GCM_DESTROYED');
    assert.throws(() => gcm.openInto(k, iv, Buffer.alloc(0), out, Buffer.alloc(16), 0), (e: NodeJS.ErrnoException) => e.code === 'ERR_GCM_DESTROYED');
    k.destroy(); // twice is harmless
  });
}

test('native: a key handle of the fallback is refused, and the other way round', { skip: !nativeGcm }, () => {
  const iv = randomBytes(12), out = Buffer.alloc(16);
  assert.throws(() => nativeGcm!.sealInto(fallback.gcmKey(randomBytes(16)), iv, out, Buffer.alloc(0), out, 0), TypeError);
  assert.throws(() => fallback.sealInto(nativeGcm!.gcmKey(randomBytes(16)), iv, out, Buffer.alloc(0), out, 0), TypeError);
});

test('native: in-place seal and open work; partial overlap is refused', { skip: !nativeGcm }, () => {
  const key = randomBytes(32), iv = randomBytes(12), aad = randomBytes(8), pt = randomBytes(100);
  const k = nativeGcm!.gcmKey(key), buf = Buffer.alloc(116);
  pt.copy(buf);
  nativeGcm!.sealInto(k, iv, aad, buf.subarray(0, 100), buf, 0);
  assert.deepEqual(buf, reference(key, iv, aad, pt));
  assert.throws(() => nativeGcm!.openInto(k, iv, aad, buf, buf, 1), RangeError);
  assert.equal(nativeGcm!.openInto(k, iv, aad, buf, buf, 0), 100);
  assert.deepEqual(buf.subarray(0, 100), pt);
});
