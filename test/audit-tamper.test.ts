/**
 * Tamper evidence in the store: a real Trent records calls and signs digests (every second, and a
 * final one at SIGTERM); then events, lookup columns and digests are altered, removed, inserted or
 * reordered in copies of its SQLite file (and in PostgreSQL, with two nodes), and `trent audit
 * verify` names the first one changed, exiting 1. Untouched data verifies, and the signing key's
 * private half is nowhere in plaintext in the data directory.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig, openParts } from '@trent/server';
import { eventHash } from '@trent/server/dist/audit/chain.js';
import { startTrent, type Trent } from './helpers/trent.js';
import { audit, copyOf, DIGEST_EVERY_SECOND, invalidLines, makeCalls, sleep } from './helpers/audit-verify.js';
import { createTestDatabase, postgresForTests, query, startNodes } from './helpers/postgres.js';

let t: Trent;
let chain: string;
let lastSeq: number;

before(async () => {
  t = await startTrent({ env: DIGEST_EVERY_SECOND });
  await makeCalls(t, 4);
  await sleep(1500); // digest #1
  await makeCalls(t, 4);
  await sleep(1500); // digest #2
  await makeCalls(t, 3);
  await t.stop(); // final digest
  const db = new Database(join(t.dataDir, 'trent.db'), { readonly: true });
  chain = (db.prepare('select id from audit_chains').get() as { id: string }).id;
  lastSeq = (db.prepare('select max(seq) as n from audit_events').get() as { n: number }).n;
  const digests = db.prepare('select count(*) as n from audit_digests').get() as { n: number };
  db.close();
  assert.ok(lastSeq >= 11, `events recorded: ${lastSeq}`);
  assert.ok(digests.n >= 3, `digests written: ${digests.n}`);
});

/** Applies `change` to a copy of the data directory and verifies it; returns the first INVALID line. */
function tampered(change: (db: Database.Database) => void): string {
  const dir = copyOf(t.dataDir);
  const db = new Database(join(dir, 'trent.db'));
  change(db);
  db.close();
  const r = audit(['verify', '--data-dir', dir]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const first = invalidLines(r.stdout)[0];
  assert.ok(first, r.stdout);
  assert.match(r.stdout, /^First problem: /m);
  return first;
}

test('the untouched store verifies: every chain, event and digest', () => {
  const r = audit(['verify', '--data-dir', t.dataDir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 chain checked/);
  assert.match(r.stdout, new RegExp(`${lastSeq}/${lastSeq} events valid`));
  assert.match(r.stdout, /(\d+)\/\1 digests valid/);
  assert.doesNotMatch(r.stdout, /INVALID|not yet covered/);
});

test('an altered record is named', () => {
  const line = tampered((db) => db.prepare("update audit_events set record = replace(record, '127.0.0.1', '10.9.8.7') where seq = 2").run());
  assert.match(line, new RegExp(`^Event\\t${chain}#2 .*changed: its hash does not match`));
});

test('a deleted event is named', () => {
  const line = tampered((db) => db.prepare('delete from audit_events where seq = 3').run());
  assert.match(line, new RegExp(`^Event\\t${chain}#3\\tINVALID: removed`));
});

test('an inserted event, even with a correct hash link, is named', () => {
  const line = tampered((db) => {
    const last = db.prepare('select * from audit_events where seq = ?').get(lastSeq) as Record<string, unknown>;
    const record = String(last.record).replace(String(last.event_id), 'forged-event-id');
    const hash = eventHash(chain, lastSeq + 1, String(last.hash), record);
    db.prepare('insert into audit_events (chain_id, seq, event_id, event_time, account_id, event_name, event_source, read_only, username, access_key_id, resources, error_code, record, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)')
      .run(chain, lastSeq + 1, 'forged-event-id', last.event_time, last.account_id, last.event_name, last.event_source, last.read_only, last.username, last.access_key_id, last.resources, last.error_code, record, last.hash, hash);
  });
  assert.match(line, new RegExp(`^Event\\t${chain}#${lastSeq + 1} .*inserted: after the final digest`));
});

test('reordered events are named', () => {
  const line = tampered((db) => {
    const a = db.prepare('select record, prev_hash, hash, event_id from audit_events where seq = 5').get() as Record<string, string>;
    const b = db.prepare('select record, prev_hash, hash, event_id from audit_events where seq = 6').get() as Record<string, string>;
    const set = db.prepare("update audit_events set record = ?, prev_hash = ?, hash = ?, event_id = ? || '-moved' where seq = ?");
    set.run(b.record, b.prev_hash, b.hash, b.event_id, 5);
    set.run(a.record, a.prev_hash, a.hash, a.event_id, 6);
  });
  assert.match(line, new RegExp(`^Event\\t${chain}#5 `));
});

test('a changed lookup column is named', () => {
  const line = tampered((db) => db.prepare("update audit_events set event_name = 'ScheduleKeyDeletion' where seq = 1").run());
  assert.match(line, new RegExp(`^Event\\t${chain}#1 .*its event_name column does not match`));
});

test('a changed digest is named', () => {
  const line = tampered((db) => db.prepare(`update audit_digests set document = replace(document, '"kind":"interval"', '"kind":"shutdown"') where seq = 2`).run());
  assert.match(line, new RegExp(`^Digest\\tdigest ${chain}#2\\tINVALID: changed: the signature does not verify`));
});

test('a deleted digest is named', () => {
  const line = tampered((db) => db.prepare('delete from audit_digests where seq = 2').run());
  assert.match(line, new RegExp(`^Digest\\tdigest ${chain}#3\\tINVALID: digest #2 before it was removed`));
});

test('swapped digest signatures are named', () => {
  const line = tampered((db) => {
    const sig = (seq: number) => (db.prepare('select signature from audit_digests where seq = ?').get(seq) as { signature: string }).signature;
    const [s1, s2] = [sig(1), sig(2)];
    db.prepare('update audit_digests set signature = ? where seq = ?').run(s2, 1);
    db.prepare('update audit_digests set signature = ? where seq = ?').run(s1, 2);
  });
  assert.match(line, new RegExp(`^Digest\\tdigest ${chain}#1\\tINVALID: changed: the signature`));
});

test("the audit signing key's private half is nowhere in plaintext in the data directory", async () => {
  const { store, keyring } = await openParts(loadConfig({ ...process.env, TRENT_DATA_DIR: copyOf(t.dataDir) }));
  const row = (await store.auditIntegrity.signingKeys())[0]!;
  const der = keyring.unseal('audit_signing_keys', row.id, 'private_sealed', row.private_sealed);
  await store.close();
  const scalar = der.subarray(der.indexOf(Buffer.from('0420', 'hex'), 20) + 2).subarray(0, 32);
  assert.equal(scalar.length, 32);
  const needles = [der, scalar, Buffer.from(der.toString('base64')), Buffer.from(scalar.toString('hex')), Buffer.from(scalar.toString('base64')), Buffer.from('PRIVATE KEY')];
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
  for (const f of files(t.dataDir)) {
    const bytes = readFileSync(f);
    for (const n of needles) assert.equal(bytes.indexOf(n), -1, `${f} holds the private key (${n.length} bytes)`);
  }
});

test('two workers on one SQLite file: one chain each, both sealed by final digests, both verify', async () => {
  const w = await startTrent({ env: { ...DIGEST_EVERY_SECOND, TRENT_WORKERS: '2' } });
  await makeCalls(w, 8);
  await w.stop();
  const db = new Database(join(w.dataDir, 'trent.db'), { readonly: true });
  const finals = db.prepare(`select count(*) as n from audit_digests where document like '%"final":true%'`).get() as { n: number };
  db.close();
  assert.equal(finals.n, 2);
  const r = audit(['verify', '--data-dir', w.dataDir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2 chains checked/);
  assert.match(r.stdout, /8\/8 events valid/);
});

if (await postgresForTests()) {
  test('PostgreSQL, two nodes: verify covers both chains; an altered record in one is named', async () => {
    const db = await createTestDatabase();
    try {
      const nodes = await startNodes(2, db.url, DIGEST_EVERY_SECOND);
      await Promise.all(nodes.map((n) => makeCalls(n, 4)));
      await sleep(1500);
      await Promise.all(nodes.map((n) => makeCalls(n, 3)));
      for (const n of nodes) await n.stop();
      const ok = audit(['verify', '--database-url', db.url]);
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /2 chains checked/);
      assert.match(ok.stdout, /14\/14 events valid/);
      const [victim] = await query<{ chain_id: string }>(db.url, 'select chain_id from audit_events order by chain_id desc limit 1');
      await query(db.url, "update audit_events set record = replace(record, '\"readOnly\":true', '\"readOnly\":false') where chain_id = $1 and seq = 2", [victim!.chain_id]);
      const bad = audit(['verify', '--database-url', db.url]);
      assert.equal(bad.status, 1, bad.stdout);
      assert.match(invalidLines(bad.stdout)[0]!, new RegExp(`^Event\\t${victim!.chain_id}#2 .*changed`));
    } finally { await db.drop(); }
  });
}
