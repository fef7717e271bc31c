/** encryptFile / decryptFile against the official @aws-crypto/client-node: both directions, chunk and frame edges, and peak memory on a large file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decrypt, decryptFile, encrypt, encryptFile, FILE_CHUNK } from '@trent/sdk';
import { aesPair, peerFor, policyFor, UNICODE_EC } from './sdk-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'trent-sdk-file-'));
const SUITES = [0x0578, 0x0478, 0x0378, 0x0178];
/** Plaintext bytes encryptFile reads per chunk: the whole frames whose ciphertext fits in FILE_CHUNK. */
const chunkOf = (fl: number) => Math.max(1, Math.floor(FILE_CHUNK / (fl + 32))) * fl;
/** Sizes per frame length: empty, one frame, exact multiples of the chunk, and a file of several chunks. */
const SIZES: Record<number, number[]> = {
  1: [0, 1, 33, chunkOf(1)],
  128: [0, 128, 3 * 128 + 5, chunkOf(128), 2 * chunkOf(128) + 1],
  4096: [0, 4096, chunkOf(4096), 2 * chunkOf(4096), (5 << 20) + 7],
};
/**
 * The official SDK spends ~80 µs a frame: messages of 10,000 frames or more (the chunk edges of
 * frame lengths 1 and 128) are checked against Trent's one-shot calls instead, which
 * test/sdk-interop.test.ts holds to the official SDK at those frame lengths.
 */
const peerTakes = (fl: number, size: number) => size / fl < 10_000;

/** The directory holds exactly `names`: no temporary file left over. */
const onlyFiles = (d: string, names: string[]) => assert.deepEqual(readdirSync(d).sort(), [...names].sort());

for (const suiteId of SUITES) {
  const hex = `0x${suiteId.toString(16).padStart(4, '0')}`;
  test(`${hex}: files from encryptFile decrypt with the official SDK, and decryptFile reads the official SDK's files`, async () => {
    const { ours, theirs } = aesPair();
    const client = peerFor(suiteId);
    const d = mkdtempSync(join(dir, `${hex}-`));
    const opts = { suite: suiteId, encryptionContext: UNICODE_EC, commitmentPolicy: policyFor(suiteId) };
    for (const [fl, sizes] of Object.entries(SIZES).map(([k, v]) => [Number(k), v] as const)) {
      for (const size of sizes) {
        const what = `frame ${fl}, ${size} bytes`, peer = peerTakes(fl, size);
        const pt = randomBytes(size);
        writeFileSync(join(d, 'plain'), pt);
        const header = await encryptFile(ours, join(d, 'plain'), join(d, 'mine.enc'), { ...opts, frameLength: fl });
        assert.equal(header.frameLength, fl);
        const mine = readFileSync(join(d, 'mine.enc'));
        const back = peer ? Buffer.from((await client.decrypt(theirs, mine)).plaintext) : (await decrypt(ours, mine, opts)).plaintext;
        assert.ok(back.equals(pt), `${peer ? 'official SDK' : 'one-shot decrypt'} reads encryptFile, ${what}`);
        const msg = peer ? (await client.encrypt(theirs, pt, { suiteId, frameLength: fl, encryptionContext: UNICODE_EC })).result : (await encrypt(ours, pt, { ...opts, frameLength: fl })).result;
        writeFileSync(join(d, 'theirs.enc'), msg);
        const h = await decryptFile(ours, join(d, 'theirs.enc'), join(d, 'out'), { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' });
        assert.ok(readFileSync(join(d, 'out')).equals(pt), `decryptFile reads ${peer ? 'the official SDK' : 'one-shot encrypt'}, ${what}`);
        assert.equal(h.suite.id, suiteId);
        assert.equal(h.encryptionContext['ключ'], 'значение');
        onlyFiles(d, ['plain', 'mine.enc', 'theirs.enc', 'out']);
      }
    }
  });
}

test('signed files round-trip with the hash worker forced on (its reuse contract: packages/sdk/src/stream/reuse.test.ts)', async () => {
  const { ours } = aesPair();
  const pt = randomBytes((3 << 20) + 5);
  writeFileSync(join(dir, 'w.plain'), pt);
  const always = { parallelHash: 'always' } as const;
  await encryptFile(ours, join(dir, 'w.plain'), join(dir, 'w.enc'), always);
  assert.ok((await decrypt(ours, readFileSync(join(dir, 'w.enc')))).plaintext.equals(pt), 'the one-shot (inline) verifier agrees');
  await decryptFile(ours, join(dir, 'w.enc'), join(dir, 'w.out'), always);
  assert.ok(readFileSync(join(dir, 'w.out')).equals(pt));
});

test('progress is reported per chunk read, up to the file size; decrypted files are private (0600)', async () => {
  const { ours } = aesPair();
  const size = 3 * chunkOf(4096) + 10;
  writeFileSync(join(dir, 'p.plain'), randomBytes(size));
  const seen: number[] = [];
  await encryptFile(ours, join(dir, 'p.plain'), join(dir, 'p.enc'), { onProgress: (n) => seen.push(n) });
  assert.deepEqual(seen, [chunkOf(4096), 2 * chunkOf(4096), 3 * chunkOf(4096), size]);
  const dec: number[] = [];
  await decryptFile(ours, join(dir, 'p.enc'), join(dir, 'p.out'), { onProgress: (n) => dec.push(n) });
  assert.equal(dec.at(-1), readFileSync(join(dir, 'p.enc')).length);
  assert.equal(spawnSync('stat', ['-c', '%a', join(dir, 'p.out')], { encoding: 'utf8' }).stdout.trim(), '600');
});

/** SHA-256 of a file, read through one buffer. */
function fileHash(path: string): string {
  const h = createHash('sha256'), b = Buffer.allocUnsafe(1 << 20), fd = openSync(path, 'r');
  for (let n; (n = readSync(fd, b, 0, b.length, null)) > 0;) h.update(b.subarray(0, n));
  closeSync(fd);
  return h.digest('hex');
}

test('a 256 MiB file encrypts and decrypts (default signed suite) with peak RSS below 100 MiB', () => {
  const plain = join(dir, 'big.plain'), block = randomBytes(1 << 20), fd = openSync(plain, 'w');
  for (let i = 0; i < 256; i++) { block[0] = i; writeSync(fd, block); } // no two chunks alike
  closeSync(fd);
  const child = fileURLToPath(new URL('./helpers/file-rss.js', import.meta.url));
  const r = spawnSync(process.execPath, [child, plain, join(dir, 'big.enc'), join(dir, 'big.out')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { peakRssMiB, memory } = JSON.parse(r.stdout) as { peakRssMiB: number; memory: object };
  assert.ok(peakRssMiB < 100, `peak RSS ${peakRssMiB.toFixed(1)} MiB (at the end: ${JSON.stringify(memory)})`);
  assert.equal(fileHash(join(dir, 'big.out')), fileHash(plain), 'round trip');
  for (const f of ['big.plain', 'big.enc', 'big.out']) rmSync(join(dir, f));
});
