/** `trent encrypt` / `trent decrypt` driven as a user would: real processes, files, pipes, and the official SDK on the other side. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as peer from '@aws-crypto/client-node';
import { parseHeader } from '@trent/sdk';

const TRENT = fileURLToPath(new URL('../../packages/cli/bin/trent.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trent-sdk-cli-'));
const aesKey = randomBytes(32);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const keysFile = join(dir, 'keys.json');
writeFileSync(keysFile, JSON.stringify([
  { type: 'raw-aes', providerId: 'cli-test', keyName: 'aes', keyBase64: aesKey.toString('base64') },
  { type: 'raw-rsa', providerId: 'cli-test', keyName: 'rsa', padding: 'oaep-sha256', privateKeyPem: rsa.privateKey, publicKeyPem: rsa.publicKey },
]));
const pubOnlyFile = join(dir, 'public.json');
writeFileSync(pubOnlyFile, JSON.stringify([{ type: 'raw-rsa', providerId: 'cli-test', keyName: 'rsa', padding: 'oaep-sha256', publicKeyPem: rsa.publicKey }]));

/** Runs the CLI; returns status, stdout (bytes) and stderr. */
function trent(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [TRENT, ...args], { input, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}
const ok = (r: ReturnType<typeof trent>) => assert.equal(r.status, 0, r.stderr);

test('file round trip with raw AES + RSA keys, encryption context, metadata; the peer decrypts the output', async () => {
  const pt = randomBytes(200_000);
  writeFileSync(join(dir, 'plain.bin'), pt);
  const meta = join(dir, 'meta.jsonl');
  ok(trent(['encrypt', '-i', join(dir, 'plain.bin'), '-o', join(dir, 'plain.enc'), '-w', `file=${keysFile}`, '-c', 'tenant=acme', 'ключ=значение', '--metadata-output', meta, '--frame-length', '1024']));
  const line = JSON.parse(readFileSync(meta, 'utf8').trim()) as { header: { algorithmSuiteId: string; encryptionContext: Record<string, string>; encryptedDataKeys: unknown[]; frameLength: number } };
  assert.equal(line.header.algorithmSuiteId, '0x0578');
  assert.equal(line.header.encryptionContext['ключ'], 'значение');
  assert.equal(line.header.encryptedDataKeys.length, 2);
  assert.equal(line.header.frameLength, 1024);
  assert.doesNotMatch(readFileSync(meta, 'utf8'), new RegExp(aesKey.toString('base64').slice(0, 16).replace(/[+/]/g, '.')), 'no key material in metadata');
  ok(trent(['decrypt', '-i', join(dir, 'plain.enc'), '-o', join(dir, 'plain.out'), '-w', `file=${keysFile}`, '-c', 'tenant=acme', '-S']));
  assert.deepEqual(readFileSync(join(dir, 'plain.out')), pt);
  const theirs = new peer.RawAesKeyringNode({ keyNamespace: 'cli-test', keyName: 'aes', unencryptedMasterKey: new Uint8Array(aesKey), wrappingSuite: peer.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING, utf8Sorting: true });
  const back = await peer.buildClient(peer.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decrypt(theirs, readFileSync(join(dir, 'plain.enc')));
  assert.deepEqual(Buffer.from(back.plaintext), pt);
});

test('stdin → stdout with --encode / --decode and --buffer; suite choice and --decrypt-unsigned', () => {
  const pt = Buffer.from('through the pipes ✓');
  const enc = trent(['encrypt', '-i', '-', '-o', '-', '-w', `file=${keysFile}`, '--encode', '--algorithm-suite', '0x0478', '-S'], pt);
  ok(enc);
  assert.match(enc.stdout.toString(), /^[A-Za-z0-9+/=]+$/);
  const dec = trent(['decrypt', '-i', '-', '-o', '-', '-w', `file=${keysFile}`, '--decode', '--buffer', '--decrypt-unsigned', '-S'], enc.stdout);
  ok(dec);
  assert.deepEqual(dec.stdout, pt);
  const signed = trent(['encrypt', '-i', '-', '-o', '-', '-w', `file=${keysFile}`, '-S'], pt);
  const refused = trent(['decrypt', '-i', '-', '-o', '-', '-w', `file=${keysFile}`, '--decrypt-unsigned', '-S'], signed.stdout);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /signed suite/);
  assert.equal(refused.stdout.length, 0);
});

test('directories with --recursive keep the tree; a public-only RSA key encrypts but cannot decrypt', () => {
  const src = join(dir, 'tree'), enc = join(dir, 'tree.enc'), dec = join(dir, 'tree.dec');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'alpha'); writeFileSync(join(src, 'sub', 'b.txt'), 'beta'); writeFileSync(join(src, 'empty'), '');
  mkdirSync(enc); mkdirSync(dec);
  ok(trent(['encrypt', '-i', src, '-o', enc, '-r', '-w', `file=${pubOnlyFile}`, '-S']));
  assert.ok(existsSync(join(enc, 'sub', 'b.txt.encrypted')));
  const denied = trent(['decrypt', '-i', enc, '-o', dec, '-r', '-w', `file=${pubOnlyFile}`, '-S']);
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /no private key/);
  ok(trent(['decrypt', '-i', enc, '-o', dec, '-r', '-w', `file=${keysFile}`, '-S', '--suffix', '']));
  assert.equal(readFileSync(join(dec, 'sub', 'b.txt.encrypted'), 'utf8'), 'beta');
  assert.equal(readFileSync(join(dec, 'empty.encrypted'), 'utf8'), '');
});

test('--caching reuses one data key across the files of a run, within max_messages_encrypted', () => {
  const src = join(dir, 'cache-in'), out = join(dir, 'cache-out');
  mkdirSync(src); mkdirSync(out);
  for (const n of ['a', 'b', 'c']) writeFileSync(join(src, n), `file ${n}`);
  ok(trent(['encrypt', '-i', src, '-o', out, '-r', '-w', `file=${keysFile}`, '-S', '--caching', 'capacity=5', 'max_age=60', 'max_messages_encrypted=2']));
  const edk = (n: string) => parseHeader(readFileSync(join(out, `${n}.encrypted`))).header.encryptedDataKeys[0]!.ciphertext.toString('hex');
  assert.equal(edk('a'), edk('b'), 'a and b share the cached data key');
  assert.notEqual(edk('b'), edk('c'), 'the third message needs a new data key');
  ok(trent(['decrypt', '-i', join(out, 'c.encrypted'), '-o', join(dir, 'c.plain'), '-w', `file=${keysFile}`, '-S']));
  assert.equal(readFileSync(join(dir, 'c.plain'), 'utf8'), 'file c');
});

test('failures exit 1, leave no output or temp file, and never echo key material', () => {
  const pt = randomBytes(50_000);
  writeFileSync(join(dir, 'f.bin'), pt);
  ok(trent(['encrypt', '-i', join(dir, 'f.bin'), '-o', join(dir, 'f.enc'), '-w', `file=${keysFile}`, '-S']));
  const bad = readFileSync(join(dir, 'f.enc'));
  bad[bad.length - 200]! ^= 1;
  const fail = join(dir, 'fail'); mkdirSync(fail);
  writeFileSync(join(fail, 'bad.enc'), bad);
  const r = trent(['decrypt', '-i', join(fail, 'bad.enc'), '-o', join(fail, 'bad.out'), '-w', `file=${keysFile}`, '-S']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /failed authentication|altered/);
  assert.deepEqual(readdirSync(fail), ['bad.enc'], 'no partial output, no temp file');
  writeFileSync(join(dir, 'broken.json'), `[{"type":"raw-aes","providerId":"p","keyName":"k","keyBase64":"${aesKey.toString('base64')}"`);
  const r2 = trent(['encrypt', '-i', join(dir, 'f.bin'), '-o', join(fail, 'x'), '-w', `file=${join(dir, 'broken.json')}`, '-S']);
  assert.equal(r2.status, 1);
  assert.ok(!r2.stderr.includes(aesKey.toString('base64').slice(0, 12)), 'the key is not echoed');
  const r3 = trent(['encrypt', '-i', join(dir, 'f.bin'), '-o', join(fail, 'y'), '-w', `file=${keysFile}`, '--max-encrypted-data-keys', '1', '-S']);
  assert.equal(r3.status, 1);
  assert.match(r3.stderr, /TooManyEncryptedDataKeys/);
  const r4 = trent(['decrypt', '-i', join(dir, 'f.enc'), '-o', join(fail, 'z'), '-w', `file=${keysFile}`, '--max-encrypted-data-keys', '1', '-S']);
  assert.equal(r4.status, 1);
  assert.deepEqual(readdirSync(fail), ['bad.enc']);
  const r5 = trent(['encrypt', '-i', join(dir, 'f.bin'), '-o', join(fail, 'w'), '-w', `file=${keysFile}`, '--frame-length', '0']);
  assert.equal(r5.status, 1);
  assert.match(r5.stderr, /--frame-length.*positive integer/);
  assert.doesNotMatch(r5.stderr, /\n\s+at /, 'a usage error, not a stack trace');
});

test('files of several chunks both ways with the official SDK; truncation and --no-overwrite fail and leave nothing new behind', async () => {
  const d = join(dir, 'chunks'); mkdirSync(d);
  const pt = randomBytes((3 << 20) + 7);
  writeFileSync(join(d, 'in'), pt);
  ok(trent(['encrypt', '-i', join(d, 'in'), '-o', join(d, 'in.enc'), '-w', `file=${keysFile}`, '-S']));
  const theirs = new peer.RawAesKeyringNode({ keyNamespace: 'cli-test', keyName: 'aes', unencryptedMasterKey: new Uint8Array(aesKey), wrappingSuite: peer.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING, utf8Sorting: true });
  const client = peer.buildClient(peer.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  assert.ok(Buffer.from((await client.decrypt(theirs, readFileSync(join(d, 'in.enc')))).plaintext).equals(pt), 'the official SDK reads the CLI\'s file');
  writeFileSync(join(d, 'peer.enc'), (await client.encrypt(theirs, pt, { encryptionContext: { from: 'peer' } })).result);
  ok(trent(['decrypt', '-i', join(d, 'peer.enc'), '-o', join(d, 'peer.out'), '-w', `file=${keysFile}`, '-c', 'from=peer', '-S']));
  assert.ok(readFileSync(join(d, 'peer.out')).equals(pt), 'the CLI reads the official SDK\'s file');
  const before = readdirSync(d).sort();
  writeFileSync(join(d, 'cut.enc'), readFileSync(join(d, 'in.enc')).subarray(0, (2 << 20) + 3));
  const cut = trent(['decrypt', '-i', join(d, 'cut.enc'), '-o', join(d, 'cut.out'), '-w', `file=${keysFile}`, '-S']);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, /cut\.enc: message ends early .*\[TruncatedMessage\]/);
  const kept = trent(['decrypt', '-i', join(d, 'in.enc'), '-o', join(d, 'peer.out'), '-w', `file=${keysFile}`, '-S', '--no-overwrite']);
  assert.equal(kept.status, 1);
  assert.match(kept.stderr, /peer\.out exists \(--no-overwrite\)/);
  assert.deepEqual(readdirSync(d).sort(), [...before, 'cut.enc'].sort(), 'no output, no temp file');
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test('a progress bar appears on a terminal for large inputs and not when stderr is piped', { skip: hasScript ? false : 'util-linux `script` (a pseudo-terminal) is not installed' }, () => {
  const big = join(dir, 'big.bin');
  writeFileSync(big, randomBytes(20 << 20));
  const args = ['encrypt', '-i', big, '-o', join(dir, 'big.enc'), '-w', `file=${keysFile}`, '-S'];
  const piped = trent(args);
  ok(piped);
  assert.doesNotMatch(piped.stderr, /%/);
  const cmd = [process.execPath, TRENT, ...args.map((a) => a === join(dir, 'big.enc') ? join(dir, 'big2.enc') : a)].map((a) => `'${a}'`).join(' ');
  const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
  assert.equal(tty.status, 0, tty.stderr);
  assert.match(tty.stdout, /\[#+-*\]\s+\d+%/);
  assert.match(tty.stdout, /100%/);
});
