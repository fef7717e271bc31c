/**
 * Retention: with TRENT_AUDIT_RETENTION_DAYS set (here to a few seconds), the scheduler prunes old
 * events of a live chain in whole digest-covered stretches and signs the cut into the chain's
 * digests; what remains verifies in the store and in an export, while deleting an event above the
 * cut, or the digest that anchors it, is still caught.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTrent, type Trent } from './helpers/trent.js';
import { audit, copyOf, DIGEST_EVERY_SECOND, invalidLines, makeCalls, sleep } from './helpers/audit-verify.js';

/** 0.00005 days = 4.32 seconds. */
const RETENTION = { ...DIGEST_EVERY_SECOND, TRENT_AUDIT_RETENTION_DAYS: '0.00005' };
let t: Trent;
let cut: number;

const open = (dir: string, readonly = true) => new Database(join(dir, 'trent.db'), { readonly });
const one = <T>(db: Database.Database, q: string): T => db.prepare(q).get() as T;

before(async () => {
  t = await startTrent({ env: RETENTION });
  await makeCalls(t, 4);
  await sleep(1500); // digest #1 covers events 1-4
  await makeCalls(t, 3);
  const deadline = Date.now() + 20_000;
  for (;;) { // until both stretches are older than the period and pruned
    const db = open(t.dataDir);
    cut = one<{ p: number }>(db, 'select pruned_through as p from audit_chains').p;
    db.close();
    if (cut >= 7 || Date.now() > deadline) break;
    await sleep(250);
  }
  await makeCalls(t, 3);
  await sleep(1200);
  await t.stop();
});

test('old events are pruned in whole digest-covered stretches, and the cut is signed into a digest', () => {
  assert.ok(cut >= 7, `pruned through ${cut}`);
  const db = open(t.dataDir);
  const first = one<{ s: number }>(db, 'select min(seq) as s from audit_events').s;
  const anchor = one<{ document: string; seq: number }>(db, 'select document, seq from audit_digests order by seq limit 1');
  const docs = (db.prepare('select document from audit_digests order by seq').all() as { document: string }[]).map((r) => JSON.parse(r.document));
  db.close();
  assert.equal(first, cut + 1, 'events up to the cut are gone, the rest are there');
  assert.equal(JSON.parse(anchor.document).lastEventSeq, cut, 'the first digest left covers exactly the cut');
  assert.ok(anchor.seq > 1, 'digests before the anchor were pruned too');
  assert.ok(docs.some((d) => d.kind === 'cut' && d.prunedThrough === cut), 'a cut digest records the cut');
  assert.equal(docs.at(-1).prunedThrough, cut, 'later digests carry it');
  assert.equal(docs.at(-1).final, true);
});

test('what remains verifies, in the store and exported', () => {
  const r = audit(['verify', '--data-dir', t.dataDir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`events 1-${cut} pruned by retention`));
  const out = join(mkdtempSync(join(tmpdir(), 'trent-export-')), 'out');
  assert.equal(audit(['export', '--data-dir', t.dataDir, '--out', out]).status, 0);
  const d = audit(['verify', '--dir', out]);
  assert.equal(d.status, 0, d.stdout);
});

test('deleting an event above the cut is caught', () => {
  const dir = copyOf(t.dataDir);
  const db = open(dir, false);
  db.prepare('delete from audit_events where seq = ?').run(cut + 2);
  db.close();
  const r = audit(['verify', '--data-dir', dir]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(invalidLines(r.stdout)[0]!, new RegExp(`^Event\\t[0-9a-f-]+#${cut + 2}\\tINVALID: removed`));
});

test('deleting the digests that carry the cut, or events beyond it with the anchor, is caught', () => {
  const tamper = (sql: string[]) => {
    const dir = copyOf(t.dataDir);
    const db = open(dir, false);
    for (const q of sql) db.prepare(q).run();
    db.close();
    const r = audit(['verify', '--data-dir', dir]);
    assert.equal(r.status, 1, r.stdout);
    return invalidLines(r.stdout)[0]!;
  };
  // The anchor and the cut digest both state the cut and the hash at it; with both gone the next digest is not an anchor.
  const digests = tamper([`delete from audit_digests where seq <= (select max(seq) from audit_digests where document like '%"kind":"cut"%')`]);
  assert.match(digests, /^Digest\t.*INVALID: digests? #1.* before it (was|were) removed/);
  const events = tamper(['delete from audit_digests where seq = (select min(seq) from audit_digests)', `delete from audit_events where seq <= ${cut + 3}`]);
  assert.match(events, new RegExp(`^Event\\t[0-9a-f-]+#${cut + 1}-${cut + 3}\\tINVALID: removed`));
});
