/**
 * When the SQLite audit log reaches the disk (TRENT_AUDIT_SYNC_MS, docs/audit.md "Durability"),
 * watched with strace on the server's fsync calls: by default acknowledged events are fsynced at
 * most a second later (not once per commit); with 0 every commit is fsynced before its reply.
 * Crash safety without the fsync (SIGKILL loses no acknowledged event) is audit-durability.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { refusesToStart, startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

const CALLS = 30;

/** fsync/fdatasync calls of the server on its WAL file, with their times (epoch seconds), while `fn` runs and `settleMs` after. */
async function walSyncs(t: Trent, fn: () => Promise<void>, settleMs: number): Promise<{ during: number[]; after: number[]; start: number; end: number }> {
  const out = join(t.dataDir, 'strace.txt');
  const tracer = spawn('strace', ['-f', '-y', '-ttt', '-e', 'trace=fsync,fdatasync', '-o', out, '-p', String(t.proc.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  tracer.stderr.on('data', (d: Buffer) => { said += d.toString(); });
  for (let i = 0; i < 100 && !/attached/.test(said); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(said, /attached/, `strace attaches to the server: ${said}`);
  await new Promise((r) => setTimeout(r, 200));
  const start = Date.now() / 1000;
  await fn();
  const end = Date.now() / 1000;
  await new Promise((r) => setTimeout(r, settleMs));
  const exited = new Promise((r) => tracer.once('exit', r));
  tracer.kill('SIGINT');
  await exited;
  const times = readFileSync(out, 'utf8').split('\n')
    .filter((l) => /\b(fsync|fdatasync)\(\d+<[^>]*trent\.db-wal>\)\s*=\s*0/.test(l))
    .map((l) => Number(/^\d+\s+(\d+\.\d+)/.exec(l)?.[1] ?? NaN));
  return { during: times.filter((s) => s >= start && s <= end), after: times.filter((s) => s > end), start, end };
}

/** CALLS Encrypts one after another (each its own group commit). */
async function sequentialEncrypts(t: Trent): Promise<{ run: () => Promise<void> }> {
  const kms = kmsClient(t);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('warm') }));
  return { run: async () => { for (let i = 0; i < CALLS; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`call ${i}`) })); } };
}

test('strace is installed (.ci/run installs it): the fsync tests below need it', () => {
  assert.equal(spawnSync('strace', ['-V']).status, 0, 'strace -V runs');
});

test('default: commits are not fsynced one by one, and what was acknowledged is fsynced within about a second', async () => {
  const t = await startTrent();
  try {
    const calls = await sequentialEncrypts(t);
    const s = await walSyncs(t, calls.run, 1800);
    const seconds = s.end - s.start;
    // the timer's (≤ 1 a second) and the checkpoint thread's (≤ 4 a second): far fewer than one per commit
    assert.ok(s.during.length <= CALLS / 3, `${s.during.length} WAL fsyncs during ${CALLS} commits in ${seconds.toFixed(2)} s`);
    assert.ok(s.after.length >= 1, 'the WAL is fsynced after the last acknowledged call');
    assert.ok(s.after[0]! - s.end < 1.5, `first fsync ${(s.after[0]! - s.end).toFixed(2)} s after the last call`);
  } finally { await t.stop(); }
});

test('TRENT_AUDIT_SYNC_MS=0: every commit is fsynced before its reply', async () => {
  const t = await startTrent({ env: { TRENT_AUDIT_SYNC_MS: '0' } });
  try {
    const calls = await sequentialEncrypts(t);
    const s = await walSyncs(t, calls.run, 200);
    assert.ok(s.during.length >= CALLS, `${s.during.length} WAL fsyncs for ${CALLS} sequential calls`);
  } finally { await t.stop(); }
});

test('TRENT_AUDIT_SYNC_MS must be whole milliseconds from 0 to 60000', () => {
  for (const bad of ['-1', '1.5', 'soon', '60001']) assert.match(refusesToStart({ TRENT_AUDIT_SYNC_MS: bad }), /TRENT_AUDIT_SYNC_MS must be whole milliseconds from 0 to 60000/);
});

/** Audit commits so far (the server's own metric). */
async function commits(t: Trent): Promise<number> {
  const text = await (await fetch(`${t.endpoint}/metrics`)).text();
  return Number(/^trent_audit_commit_batch_size_count(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
}

test('checkpoints run beside the requests: under sustained load the WAL stays bounded', async () => {
  const t = await startTrent();
  try {
    const kms = kmsClient(t);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    // Each commit writes at least five 4 KiB pages to the WAL (the table and its four indexes):
    // 3,300 commits would leave over 64 MiB in it if nothing copied it back.
    const want = 3300, deadline = Date.now() + 60_000;
    let done = 0;
    const lane = async () => { while (done < want && Date.now() < deadline) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(64, 1) })); };
    const watch = async () => { while (done < want && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 200)); done = await commits(t); } };
    await Promise.all([watch(), ...Array.from({ length: 4 }, lane)]);
    kms.destroy();
    assert.ok(done >= want, `${done} audit commits within a minute`);
    const wal = statSync(join(t.dataDir, 'trent.db-wal')).size;
    assert.ok(wal < 24 * 1024 * 1024, `WAL ${(wal / 1048576).toFixed(1)} MiB after ${done} commits`);
  } finally { await t.stop(); }
});
