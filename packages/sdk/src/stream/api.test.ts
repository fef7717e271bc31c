import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RawAesKeyring } from '../keyrings/raw-aes.js';
import { decrypt, decryptStream, encrypt, encryptStream } from './api.js';

const keyring = new RawAesKeyring({ keyNamespace: 'unit', keyName: 'k', wrappingKey: randomBytes(32) });

/** Runs a transform over `data` fed in pieces of the given sizes (cycled). */
async function run(t: NodeJS.ReadWriteStream, data: Buffer, sizes: number[]): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0, j = 0; i < data.length; j++) { const n = sizes[j % sizes.length]!; pieces.push(data.subarray(i, i + n)); i += n; }
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), t, async function* (src) { for await (const b of src) out.push(b as Buffer); });
  return Buffer.concat(out);
}

test('streaming and one-shot produce interchangeable messages whatever the chunking', async () => {
  for (const size of [0, 1, 4095, 4096, 4097, 20_000]) {
    const pt = randomBytes(size);
    const streamed = await run(encryptStream(keyring, { encryptionContext: { n: String(size) } }), pt, [1, 4096, 333, 10_000]);
    assert.deepEqual((await decrypt(keyring, streamed)).plaintext, pt, `stream → one-shot, ${size}`);
    const oneShot = (await encrypt(keyring, pt, { suite: 0x0478 })).result;
    assert.deepEqual(await run(decryptStream(keyring), oneShot, [7, 5000, 1]), pt, `one-shot → stream, ${size}`);
  }
});

test('decryptStream emits the authenticated header', async () => {
  const msg = (await encrypt(keyring, 'hello', { encryptionContext: { who: 'unit' } })).result;
  const s = decryptStream(keyring);
  const header = new Promise((res) => s.once('header', res));
  assert.equal((await run(s, msg, [msg.length])).toString(), 'hello');
  assert.equal(((await header) as { encryptionContext: Record<string, string> }).encryptionContext.who, 'unit');
});

test('large signed streams hash on the worker thread: round trip, a bad footer fails, and the process can exit', async () => {
  const pt = randomBytes(3 << 20); // past the 1 MiB threshold, so signing and verification use the worker
  const always = { parallelHash: 'always' } as const;
  const msg = await run(encryptStream(keyring, always), pt, [65536]);
  assert.deepEqual(await run(decryptStream(keyring, always), msg, [100_000]), pt);
  assert.deepEqual((await decrypt(keyring, msg)).plaintext, pt, 'the one-shot (inline) verifier agrees');
  const bad = Buffer.from(msg);
  bad[bad.length - 5]! ^= 1;
  await assert.rejects(run(decryptStream(keyring, always), bad, [1 << 20]), /signature/);
  const cut = msg.subarray(0, 2 << 20);
  await assert.rejects(run(decryptStream(keyring, always), cut, [1 << 20]), /ends early/);
  const inline = await run(encryptStream(keyring, { parallelHash: 'never' }), pt, [1 << 20]);
  assert.deepEqual(await run(decryptStream(keyring, always), inline, [77_777]), pt, 'inline-signed, worker-verified');
});

test('a decryptor that failed stays failed: frames after an altered one are never released', async () => {
  const { MessageDecryptor } = await import('./decryptor.js');
  const pt = randomBytes(4096 * 4);
  const msg = Buffer.from((await encrypt(keyring, pt, { suite: 0x0478 })).result);
  const headerLength = msg.length - (4 * (4 + 12 + 4096 + 16) - (4 + 12 + 4096 + 16) + (4 + 4 + 12 + 4 + 4096 + 16));
  msg[headerLength + 20]! ^= 1; // inside frame 1's ciphertext
  const d = new MessageDecryptor(keyring);
  await assert.rejects(d.push(msg.subarray(0, headerLength + 4132)), /frame 1 failed/);
  await assert.rejects(d.push(msg.subarray(headerLength + 4132)), /frame 1 failed/, 'the same error again, nothing released');
  await assert.rejects(d.end(), /frame 1 failed/);
});
