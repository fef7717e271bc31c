/** Must-fail tests: every single-bit flip and every truncation of messages in each format family is rejected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt, decryptFile, decryptStream, encrypt, encryptFile, MultiKeyring, parseHeader, SdkError, type Keyring } from '@trent/sdk';
import { aesPair } from './sdk-peer.js';

const CASES = [[0x0578, 'v2 signed'], [0x0478, 'v2 unsigned'], [0x0378, 'v1 signed'], [0x0178, 'v1 HKDF'], [0x0014, 'v1 identity KDF']] as const;
const opts = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' } as const;

/** Decrypts and returns the error (or fails the test if decryption succeeded). */
async function rejection(keyring: Keyring, msg: Buffer): Promise<SdkError> {
  try { await decrypt(keyring, msg, opts); } catch (e) { assert.ok(e instanceof SdkError, `unexpected error type: ${String(e)}`); return e; }
  assert.fail('decryption of an altered message succeeded');
}

for (const [suite, label] of CASES) {
  test(`${label} (0x${suite.toString(16).padStart(4, '0')}): every bit-flipped byte, truncation and trailing byte fails`, async () => {
    const { ours } = aesPair();
    const pt = randomBytes(40);
    const { result } = await encrypt(ours, pt, { suite, frameLength: 16, encryptionContext: { purpose: 'tamper' }, commitmentPolicy: suite >= 0x0478 ? 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' : 'FORBID_ENCRYPT_ALLOW_DECRYPT' });
    assert.deepEqual((await decrypt(ours, result, opts)).plaintext, pt, 'the unaltered message decrypts');
    for (let i = 0; i < result.length; i++) {
      const bad = Buffer.from(result);
      bad[i]! ^= 1 << (i % 8);
      await rejection(ours, bad).catch((e) => assert.fail(`flip at byte ${i}/${result.length}: ${e}`));
    }
    for (let n = 0; n < result.length; n++) {
      const e = await rejection(ours, result.subarray(0, n));
      assert.ok(['TruncatedMessage', 'MalformedMessage'].includes(e.code), `truncation to ${n} bytes: ${e.code}`);
    }
    assert.equal((await rejection(ours, Buffer.concat([result, Buffer.of(0)]))).code, 'TrailingBytes');
  });
}

/** Streams a message through decryptStream; returns what came out before the end or the error. */
async function streamOut(keyring: Keyring, msg: Buffer, chunk: number): Promise<{ out: Buffer; error?: SdkError }> {
  const s = decryptStream(keyring, opts);
  const got: Buffer[] = [];
  s.on('data', (b: Buffer) => got.push(b));
  const done = new Promise<SdkError | undefined>((res) => { s.on('end', () => res(undefined)); s.on('error', (e) => res(e as SdkError)); });
  for (let i = 0; i < msg.length; i += chunk) s.write(msg.subarray(i, i + chunk));
  s.end();
  const error = await done;
  return { out: Buffer.concat(got), error };
}

test('streaming decrypt never releases the altered frame, nor a signed message\'s last frame before its footer verifies', async () => {
  const { ours } = aesPair();
  const pt = randomBytes(48);
  const signed = (await encrypt(ours, pt, { frameLength: 16 })).result;
  const ok = await streamOut(ours, signed, 7);
  assert.equal(ok.error, undefined);
  assert.deepEqual(ok.out, pt, 'whole plaintext from an intact stream in 7-byte pieces');
  const badFooter = Buffer.from(signed);
  badFooter[badFooter.length - 3]! ^= 0x10;
  const r1 = await streamOut(ours, badFooter, 1000);
  assert.equal(r1.error?.code, 'SignatureInvalid');
  assert.ok(r1.out.length <= 32, `the final frame was held back (${r1.out.length} bytes released)`);
  const unsigned = (await encrypt(ours, pt, { frameLength: 16, suite: 0x0478 })).result;
  const badLast = Buffer.from(unsigned);
  badLast[badLast.length - 20]! ^= 1; // inside the final frame's ciphertext
  const r2 = await streamOut(ours, badLast, 1000);
  assert.equal(r2.error?.code, 'AuthenticationFailed');
  assert.deepEqual(r2.out, pt.subarray(0, 32), 'only the two verified frames came out');
  const cut = await streamOut(ours, unsigned.subarray(0, unsigned.length - 1), 5);
  assert.equal(cut.error?.code, 'TruncatedMessage');
});

/** Runs a file call that must fail; returns its SdkError. */
async function fileRejection(call: Promise<unknown>): Promise<SdkError> {
  try { await call; } catch (e) { assert.ok(e instanceof SdkError, `unexpected error type: ${String(e)}`); return e; }
  assert.fail('the file call succeeded');
}

const flip = (b: Buffer, at: number) => { const c = Buffer.from(b); c[at]! ^= 0x04; return c; };

test('decryptFile: altered frames and signatures, truncations and trailing bytes fail, leaving no output and no temp file (an old output stays as it was)', async () => {
  const { ours } = aesPair();
  const dir = mkdtempSync(join(tmpdir(), 'trent-tamper-file-'));
  writeFileSync(join(dir, 'plain'), randomBytes((3 << 20) + 1000)); // several 1 MiB reads
  await encryptFile(ours, join(dir, 'plain'), join(dir, 'signed'), { suite: 0x0578 });
  await encryptFile(ours, join(dir, 'plain'), join(dir, 'unsigned'), { suite: 0x0478 });
  const signed = readFileSync(join(dir, 'signed')), unsigned = readFileSync(join(dir, 'unsigned'));
  const frame = 4 + 12 + 4096 + 16, headerLength = parseHeader(unsigned).length;
  const cases: [string, Buffer, string][] = [
    ['a bit flip in a frame of the third chunk', flip(signed, (2 << 20) + 500), 'AuthenticationFailed'],
    ['a bit flip in the footer signature', flip(signed, signed.length - 5), 'SignatureInvalid'],
    ['a bit flip in the final frame', flip(unsigned, unsigned.length - 30), 'AuthenticationFailed'],
    ['a cut inside a frame', signed.subarray(0, (2 << 20) + 77), 'TruncatedMessage'],
    ['a cut at a frame border', unsigned.subarray(0, headerLength + 600 * frame), 'TruncatedMessage'],
    ['a cut inside the footer', signed.subarray(0, signed.length - 40), 'TruncatedMessage'],
    ['a byte after the end', Buffer.concat([unsigned, Buffer.of(0)]), 'TrailingBytes'],
  ];
  for (const [what, bad, code] of cases) {
    const d = join(dir, code + bad.length);
    mkdirSync(d);
    writeFileSync(join(d, 'bad.enc'), bad);
    assert.equal((await fileRejection(decryptFile(ours, join(d, 'bad.enc'), join(d, 'out')))).code, code, what);
    assert.deepEqual(readdirSync(d), ['bad.enc'], `${what}: no output, no temp file`);
    writeFileSync(join(d, 'out'), 'old');
    await fileRejection(decryptFile(ours, join(d, 'bad.enc'), join(d, 'out'), { parallelHash: 'always' }));
    assert.deepEqual(readdirSync(d).sort(), ['bad.enc', 'out'], `${what}: no temp file`);
    assert.equal(readFileSync(join(d, 'out'), 'utf8'), 'old', `${what}: the old output is untouched`);
  }
});

test('encryptFile: failures (no usable keyring, not a regular file, an existing output with overwrite off) leave nothing behind', async () => {
  const { ours } = aesPair();
  const dir = mkdtempSync(join(tmpdir(), 'trent-tamper-encfile-'));
  writeFileSync(join(dir, 'plain'), randomBytes(10_000));
  const two = new MultiKeyring({ generator: ours, children: [aesPair().ours] });
  assert.equal((await fileRejection(encryptFile(two, join(dir, 'plain'), join(dir, 'a'), { maxEncryptedDataKeys: 1 }))).code, 'TooManyEncryptedDataKeys');
  assert.equal((await fileRejection(encryptFile(ours, dir, join(dir, 'b')))).code, 'BadInput');
  writeFileSync(join(dir, 'c'), 'old');
  assert.equal((await fileRejection(encryptFile(ours, join(dir, 'plain'), join(dir, 'c'), { overwrite: false }))).code, 'BadInput');
  assert.deepEqual(readdirSync(dir).sort(), ['c', 'plain']);
  assert.equal(readFileSync(join(dir, 'c'), 'utf8'), 'old');
});
