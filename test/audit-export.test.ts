/**
 * `trent audit export` and `trent audit verify --dir`: a real Trent's log as CloudTrail-style files
 * verifies (with the published key or a pinned one); editing a gzip log file, deleting or inserting
 * one, and changing, deleting or re-signing digest files are each caught with the file named.
 * Planted secrets (a plaintext, a data key, the secret access key) appear in no exported file.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GenerateDataKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { eventHash } from '@trent/server/dist/audit/chain.js';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { audit, auditAsync, copyOf, DIGEST_EVERY_SECOND, invalidLines, makeCalls, sleep } from './helpers/audit-verify.js';

const PLANTED = 'planted-plaintext-4b1d9e';
let t: Trent;
let out: string;
let pemFile: string;
let dataKey: Buffer;

const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)])).sort();
const logFiles = (dir: string) => files(dir).filter((f) => f.endsWith('.json.gz'));
const digestFiles = (dir: string) => files(dir).filter((f) => f.includes('_CloudTrail-Digest_')).sort((a, b) => seqOf(a) - seqOf(b));
const seqOf = (f: string) => Number(/_(\d+)_\d{8}T\d{6}Z\.json$/.exec(f)![1]);
const rangeOf = (f: string) => /-(\d+)-(\d+)\.json\.gz$/.exec(f)!.slice(1).map(Number) as [number, number];

before(async () => {
  t = await startTrent({ env: DIGEST_EVERY_SECOND });
  await makeCalls(t, 4, PLANTED);
  await sleep(1500);
  await makeCalls(t, 4, PLANTED);
  const kms = kmsClient(t);
  const first = (await kms.send(new ListKeysCommand({}))).Keys![0]!.KeyId!;
  dataKey = Buffer.from((await kms.send(new GenerateDataKeyCommand({ KeyId: first, KeySpec: 'AES_256' }))).Plaintext!);
  kms.destroy();
  const keys = await (await fetch(`${t.endpoint}/audit/public-keys`)).json() as { id: string; algorithm: string; publicKeyPem: string }[];
  assert.equal(keys.length, 1);
  assert.equal(keys[0]!.algorithm, 'ECDSA_SHA_256');
  pemFile = join(mkdtempSync(join(tmpdir(), 'trent-pem-')), 'audit.pem');
  writeFileSync(pemFile, keys[0]!.publicKeyPem);
  await sleep(1500);
  await makeCalls(t, 3, PLANTED);
  await t.stop();
  out = join(mkdtempSync(join(tmpdir(), 'trent-export-')), 'out');
  const r = audit(['export', '--data-dir', t.dataDir, '--out', out]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /exported \d+ events of 1 chains/);
});

/** Changes a copy of the export and verifies it; returns the first INVALID line. */
function tampered(change: (dir: string) => void, args: string[] = []): string {
  const dir = copyOf(out);
  change(dir);
  const r = audit(['verify', '--dir', dir, ...args]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  return invalidLines(r.stdout)[0]!;
}

const rel = (dir: string, f: string) => relative(dir, f);
const readLog = (f: string) => JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: Record<string, unknown>[]; trentChain: { chainId: string; events: { seq: number; prevHash: string; hash: string }[] } };

test('the export has the CloudTrail layout and verifies, with its own key or a pinned one', () => {
  const acct = readdirSync(join(out, 'AWSLogs'))[0]!;
  assert.equal(acct, t.accountId);
  for (const f of logFiles(out)) assert.match(rel(out, f), new RegExp(`^AWSLogs/${acct}/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/${acct}_CloudTrail_us-east-1_\\d{8}T\\d{6}Z_[0-9a-f-]{36}-\\d+-\\d+\\.json\\.gz$`));
  assert.ok(digestFiles(out).length >= 3);
  assert.ok(readLog(logFiles(out)[0]!).Records[0]!.eventName, 'records are CloudTrail records');
  for (const args of [[], ['--public-key', pemFile]]) {
    const r = audit(['verify', '--dir', out, ...args]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Audit log valid/);
  }
});

test('planted secrets appear in no exported file', () => {
  const secret = t.credentials.secretAccessKey;
  for (const f of files(out)) {
    const text = f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString('utf8') : readFileSync(f, 'utf8');
    for (const s of [PLANTED, Buffer.from(PLANTED).toString('base64'), secret, dataKey.toString('base64')]) assert.ok(!text.includes(s), `${f} holds a secret`);
  }
});

test('an edited record in a gzip log file is named with its file', () => {
  const line = tampered((dir) => {
    const f = logFiles(dir).find((x) => rangeOf(x)[0] <= 2 && rangeOf(x)[1] >= 2)!;
    const log = readLog(f);
    const i = log.trentChain.events.findIndex((e) => e.seq === 2);
    log.Records[i]!.sourceIPAddress = '203.0.113.9';
    writeFileSync(f, gzipSync(JSON.stringify(log)));
  });
  assert.match(line, /^Event\tAWSLogs\/.*_CloudTrail_.*\.json\.gz \(event [0-9a-f-]+#2\)\tINVALID: changed/);
});

test('a deleted log file is named by the events it held', () => {
  let gone = '';
  const line = tampered((dir) => {
    const f = logFiles(dir).sort((a, b) => rangeOf(a)[0] - rangeOf(b)[0])[1]!;
    const [a, b] = rangeOf(f);
    gone = a === b ? `#${a}\t` : `#${a}-${b}\t`;
    rmSync(f);
  });
  assert.ok(line.includes(gone) && line.includes('INVALID: removed'), `${line} names ${gone}`);
});

test('an inserted log file is named', () => {
  let name = '';
  const line = tampered((dir) => {
    const last = logFiles(dir).sort((a, b) => rangeOf(a)[1] - rangeOf(b)[1]).at(-1)!;
    const log = readLog(last);
    const prev = log.trentChain.events.at(-1)!;
    const rec = { ...log.Records.at(-1)!, eventID: 'forged' };
    const seq = prev.seq + 1;
    const hash = eventHash(log.trentChain.chainId, seq, prev.hash, JSON.stringify(rec));
    const forged = { Records: [rec], trentChain: { chainId: log.trentChain.chainId, events: [{ seq, prevHash: prev.hash, hash }] } };
    name = basename(last).replace(/-\d+-\d+\.json\.gz$/, `-${seq}-${seq}.json.gz`);
    writeFileSync(join(dirname(last), name), gzipSync(JSON.stringify(forged)));
  });
  assert.ok(line.startsWith(`Event\t`) && line.includes(name) && line.includes('inserted'), line);
});

test('a changed digest file is named', () => {
  let name = '';
  const line = tampered((dir) => {
    const f = digestFiles(dir)[1]!;
    name = rel(dir, f);
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.document = d.document.replace(/"lastEventSeq":(\d+)/, (_: string, n: string) => `"lastEventSeq":${Number(n) - 1}`);
    writeFileSync(f, JSON.stringify(d));
  });
  assert.equal(line, `Digest\t${name}\tINVALID: changed: the signature does not verify under key audit-signing-key-1`);
});

test('a deleted digest file is named by the digest that follows it', () => {
  let next = '';
  const line = tampered((dir) => { const d = digestFiles(dir); rmSync(d[1]!); next = rel(dir, d[2]!); });
  assert.equal(line, `Digest\t${next}\tINVALID: digest #2 before it was removed`);
});

test('swapped digest signatures are named; a pinned other key rejects every digest; missing public keys are named', () => {
  const swapped = tampered((dir) => {
    const [a, b] = digestFiles(dir).map((f) => [f, JSON.parse(readFileSync(f, 'utf8'))] as const);
    [a![1].signature, b![1].signature] = [b![1].signature, a![1].signature];
    writeFileSync(a![0], JSON.stringify(a![1]));
    writeFileSync(b![0], JSON.stringify(b![1]));
  });
  assert.match(swapped, /^Digest\tAWSLogs\/.*_CloudTrail-Digest_us-east-1_[0-9a-f-]+_1_\d{8}T\d{6}Z\.json\tINVALID: changed: the signature/);
  const other = join(dirname(pemFile), 'other.pem');
  writeFileSync(other, '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyQ0v/3eurFm8HME7m5MRkhAQcWYx\nlENZewGJefmfD+rra93OuH3IsggQuUp9YzsR91ucAx4cdDNe1kxIDnIfrA==\n-----END PUBLIC KEY-----\n');
  assert.match(tampered(() => {}, ['--public-key', other]), /^Digest\t.*_1_.*INVALID: changed: the signature does not verify/);
  assert.match(tampered((dir) => rmSync(files(dir).find((f) => f.endsWith('trent-public-keys.json'))!)), /^File\ttrent-public-keys.json\tINVALID: removed/);
});

test('export and verify while Trent serves and records: consistent, newest events reported as not yet covered', async () => {
  const live = await startTrent({ env: { TRENT_AUDIT_DIGEST_INTERVAL: '3600' } });
  try {
    await makeCalls(live, 5);
    const busy = makeCalls(live, 20);
    const dir = join(mkdtempSync(join(tmpdir(), 'trent-export-')), 'live');
    const [e, v] = await Promise.all([auditAsync(['export', '--data-dir', live.dataDir, '--out', dir]), auditAsync(['verify', '--data-dir', live.dataDir]), busy]);
    assert.equal(e.status, 0, e.stderr);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /\d+ events? not yet covered by a digest/);
    const d = audit(['verify', '--dir', dir]);
    assert.equal(d.status, 0, d.stdout);
    assert.match(d.stdout, /0\/0 digests valid/);
  } finally { await live.stop(); }
});
