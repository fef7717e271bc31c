/** The into-buffer contract of the file API: a caller may overwrite its buffers once a call (or drained()) settles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { RawAesKeyring } from '../keyrings/raw-aes.js';
import { suiteById } from '../format/suites.js';
import { decrypt, encrypt } from './api.js';
import { MessageDecryptor } from './decryptor.js';
import { MessageEncryptor } from './encryptor.js';
import { MessageHasher } from './hasher.js';

const keyring = new RawAesKeyring({ keyNamespace: 'unit', keyName: 'k', wrappingKey: randomBytes(32) });

test('the hasher holds no caller buffer once drained(), also before its worker starts', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const h = new MessageHasher(suiteById(0x0578), 'sign', privateKey, 'always');
  const reused = Buffer.alloc(300 << 10), original: Buffer[] = [];
  for (let i = 0; i < 8; i++) { // 2.4 MiB: the worker starts on the way (at 1 MiB)
    reused.fill(i + 1);
    original.push(Buffer.from(reused));
    h.update(reused);
    await h.drained();
  }
  const sig = await h.sign();
  const v = createVerify('sha384');
  for (const b of original) v.update(b);
  assert.ok(v.verify({ key: publicKey, dsaEncoding: 'der' }, sig), 'the signature covers the bytes as they were when given');
});

test("the 'file' decryptor lets go of each pushed chunk: one buffer refilled for every push", async () => {
  for (const suite of [0x0578, 0x0478]) {
    const pt = randomBytes(3 * 4096 + 100);
    const { result } = await encrypt(keyring, pt, { suite });
    const dec = new MessageDecryptor(keyring, { parallelHash: 'never' }, 'file');
    const chunk = Buffer.alloc(1000), plain = Buffer.alloc(8192), out: Buffer[] = [];
    for (let at = 0; at < result.length; at += chunk.length) {
      const n = result.copy(chunk, 0, at); // the header, then frames, straddle chunk borders
      const parts: Buffer[] = [];
      await dec.pushInto(chunk.subarray(0, n), parts, plain);
      out.push(...parts.map((p) => Buffer.from(p))); // `plain` is refilled by the next push
      chunk.fill(0xee);
    }
    await dec.end();
    assert.ok(Buffer.concat(out).equals(pt), `0x${suite.toString(16)}`);
  }
});

test('updateInto writes whole frames into a reused output buffer; the message decrypts', async () => {
  const enc = await MessageEncryptor.create(keyring, { frameLength: 100 }, true);
  const pt = randomBytes(1234), header = enc.takeHeader(), parts = [header];
  const input = Buffer.alloc(300), out = Buffer.alloc(3 * (100 + 32));
  for (let at = 0; at < pt.length; at += input.length) {
    const n = pt.copy(input, 0, at), expected = enc.updateLength(n);
    const w = enc.updateInto(input.subarray(0, n), out, 0);
    assert.equal(w, expected);
    assert.equal(w % (100 + 32), 0, 'the header was taken: only whole frames are written');
    await enc.drained();
    parts.push(Buffer.from(out.subarray(0, w)));
    input.fill(0); out.fill(0);
  }
  assert.throws(() => enc.updateInto(Buffer.alloc(1000), Buffer.alloc(10), 0), /too small/);
  parts.push(await enc.finish());
  assert.ok((await decrypt(keyring, Buffer.concat(parts))).plaintext.equals(pt));
});
