/** Digests, verification, export and retention on a real SQLite store with events inserted row by row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '../root/keyring.js';
import { postgresDialect, sqliteDialect } from '../store/dialects.js';
import { createTestDatabase, postgresForTests } from '../store/pg-test-db.js';
import { Store } from '../store/store.js';
import { loadConfig } from '../config.js';
import type { Ctx } from '../context.js';
import { eventHash, GENESIS_HASH } from './chain.js';
import { writeDigest } from './digests.js';
import type { AuditHead } from './writer.js';
import { exportAudit } from './export.js';
import { runRetention } from './retention.js';
import { loadSigner, publicKeys, rotateSigningKey, verifySignature } from './signing-key.js';
import { verifyDir } from './verify-dir.js';
import { verifyStore } from './verify-store.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

const sqlite = () => Store.open(sqliteDialect(join(tmp('trent-audit-'), 'trent.db')));

/** A store (SQLite unless `open` says otherwise) with one chain of `n` events; `append` adds more, `chain.head()` is its head. */
async function chainOf(n: number, start = Date.now(), open: () => Promise<Store> = sqlite) {
  const store = await open();
  const keyring = Keyring.create();
  const chainId = '11111111-2222-4333-8444-555555555555';
  await store.audit.insertChain({ id: chainId, node: 'test:1', started_at: start, pruned_through: 0 });
  let head: AuditHead | undefined;
  const append = async (count: number, at = Date.now()) => {
    const rows = [];
    for (let i = 0; i < count; i++) {
      const seq = (head?.seq ?? 0) + 1;
      const prev = head?.hash ?? GENESIS_HASH;
      const record = JSON.stringify({ eventVersion: '1.11', userIdentity: { type: 'IAMUser', userName: 'admin' }, eventTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'), eventSource: 'kms.amazonaws.com', eventName: 'Encrypt', eventID: `e-${seq}`, readOnly: true, resources: [], recipientAccountId: '111122223333' });
      const hash = eventHash(chainId, seq, prev, record);
      rows.push({ chain_id: chainId, seq, event_id: `e-${seq}`, event_time: at, account_id: '111122223333', event_name: 'Encrypt', event_source: 'kms.amazonaws.com', read_only: 1, username: 'admin', access_key_id: null, resources: '[]', error_code: null, record, prev_hash: prev, hash });
      head = { seq, hash, time: at };
    }
    await store.audit.insertEvents(rows);
  };
  await append(n, start);
  const chain = { chainId, head: () => head };
  return { store, keyring, chainId, chain, append };
}

const raw = (s: Store) => (s as unknown as { db: { executeQuery(q: unknown): Promise<unknown> } }).db;
async function sql(store: Store, text: string): Promise<void> {
  const { sql: tag } = await import('kysely');
  await tag.raw(text).execute(raw(store) as never);
}

test('digests seal the chain; untouched data verifies; each kind of tampering in the store is named', async () => {
  const { store, keyring, chain, chainId, append } = await chainOf(5);
  const signer = await loadSigner(store, keyring);
  assert.ok(await writeDigest(store, signer, chainId, chain.head()!, 'interval'));
  assert.equal(await writeDigest(store, signer, chainId, chain.head()!, 'interval'), undefined, 'no new events: no interval digest');
  await append(4);
  await writeDigest(store, signer, chainId, chain.head()!, 'shutdown');
  const good = await verifyStore(store);
  assert.equal(good.ok, true, JSON.stringify(good));
  assert.equal(good.chains[0]!.events, 9);
  assert.equal(good.chains[0]!.validDigests, 2);

  await sql(store, `update audit_events set record = replace(record, 'Encrypt', 'Decrypt') where seq = 3`);
  let r = await verifyStore(store);
  assert.equal(r.ok, false);
  assert.match(r.chains[0]!.problems[0]!.where, new RegExp(`${chainId}#3 `));
  await store.close();
});

test('removed, inserted, reordered events, lookup columns, digests changed, removed or with swapped signatures', async () => {
  const cases: [string, string, RegExp][] = [
    ['delete from audit_events where seq = 4', 'Event', /#4 .*|#4$/],
    [`insert into audit_events select chain_id, 10, 'e-x', event_time, account_id, event_name, event_source, read_only, username, access_key_id, resources, error_code, record, hash, hash from audit_events where seq = 9`, 'Event', /#10 /],
    [`update audit_events set event_name = 'Decrypt' where seq = 2`, 'Event', /#2 /],
    [`update audit_events set record = (select record from audit_events where seq = 6) where seq = 5`, 'Event', /#5 /],
    [`update audit_digests set document = replace(document, '"lastEventSeq":5', '"lastEventSeq":4') where seq = 1`, 'Digest', /#1$/],
    ['delete from audit_digests where seq = 1', 'Digest', /#2$/],
    [`update audit_digests set signature = (select signature from audit_digests where seq = 2) where seq = 1`, 'Digest', /#1$/],
  ];
  for (const [change, kind, where] of cases) {
    const { store, keyring, chain, chainId, append } = await chainOf(5);
    const signer = await loadSigner(store, keyring);
    await writeDigest(store, signer, chainId, chain.head()!, 'interval');
    await append(4);
    await writeDigest(store, signer, chainId, chain.head()!, 'shutdown');
    await sql(store, change);
    const r = await verifyStore(store);
    assert.equal(r.ok, false, change);
    const first = r.chains[0]!.problems[0]!;
    assert.equal(first.kind, kind, `${change}: ${JSON.stringify(first)}`);
    assert.match(first.where, where, change);
    await store.close();
  }
});

test('export verifies, with the key in the directory or pinned; a pinned other key fails', async () => {
  const { store, keyring, chain, chainId } = await chainOf(7);
  const signer = await loadSigner(store, keyring);
  await writeDigest(store, signer, chainId, chain.head()!, 'shutdown');
  const out = join(tmp('trent-export-'), 'out');
  const s = await exportAudit(store, loadConfig({ TRENT_DATA_DIR: tmp('trent-d-') }), out);
  assert.deepEqual([s.events, s.logFiles, s.digestFiles], [7, 1, 1]);
  assert.equal((await verifyDir(out)).ok, true);
  const pem = (JSON.parse(readFileSync(join(out, 'AWSLogs', s.account, 'CloudTrail-Digest', 'trent-public-keys.json'), 'utf8')) as { publicKeyPem: string }[])[0]!.publicKeyPem;
  assert.equal((await verifyDir(out, pem)).ok, true);
  const otherStore = await Store.open(sqliteDialect(join(tmp('trent-o-'), 'x.db')));
  await loadSigner(otherStore, Keyring.create());
  const wrong = await verifyDir(out, (await publicKeys(otherStore))[0]!.publicKeyPem);
  assert.equal(wrong.ok, false, 'a digest signed by another key fails when the key is pinned');
  assert.match(wrong.chains[0]!.problems[0]!.message, /signature does not verify/);
  await otherStore.close();
  await store.close();
});

test('a rotated signing key signs later digests; both verify by signing_key_id', async () => {
  const { store, keyring, chain, chainId, append } = await chainOf(2);
  await writeDigest(store, await loadSigner(store, keyring), chainId, chain.head()!, 'interval');
  assert.equal(await rotateSigningKey(store, keyring), 'audit-signing-key-2');
  await append(2);
  const d = await writeDigest(store, await loadSigner(store, keyring), chainId, chain.head()!, 'shutdown');
  assert.equal(d?.signingKeyId, 'audit-signing-key-2');
  assert.equal((await verifyStore(store)).ok, true);
  await store.close();
});

/** A chain of `a` then `b` events ten days old, each stretch sealed by a digest (the second of `kind`), and a 5-day retention context. */
async function oldChain(a: number, b: number, kind: 'interval' | 'shutdown', open: () => Promise<Store> = sqlite) {
  const old = Date.now() - 10 * 86_400_000;
  const c = await chainOf(a, old, open);
  const signer = await loadSigner(c.store, c.keyring);
  await writeDigest(c.store, signer, c.chainId, c.chain.head()!, 'interval');
  await c.append(b, old + 1000);
  await writeDigest(c.store, signer, c.chainId, c.chain.head()!, kind);
  const ctx = { store: c.store, config: { ...loadConfig({}), auditRetentionDays: 5 }, log: { info() {} } } as unknown as Ctx;
  return { ...c, signer, ctx };
}

test('retention prunes whole digest-covered stretches, records the cut, and what remains verifies', async () => {
  const { store, signer, chain, chainId, append, ctx } = await oldChain(4, 3, 'interval');
  await append(2);
  await writeDigest(store, signer, chainId, chain.head()!, 'interval');
  assert.equal(await runRetention(ctx, signer), 7);
  assert.equal((await store.auditIntegrity.chain(chainId))?.pruned_through, 7);
  const r = await verifyStore(store);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.chains[0]!.prunedThrough, 7);
  await append(1);
  await writeDigest(store, signer, chainId, chain.head()!, 'shutdown');
  assert.equal((await verifyStore(store)).ok, true);
  await sql(store, 'delete from audit_events where seq = 8');
  const bad = await verifyStore(store);
  assert.equal(bad.ok, false);
  assert.match(bad.chains[0]!.problems[0]!.where, /#8/);
  await store.close();
});

test('processes creating the signing key at once end up with one key, and sign with it', async () => {
  const store = await Store.open(sqliteDialect(join(tmp('trent-race-'), 'trent.db')));
  const keyring = Keyring.create();
  const signers = await Promise.all([1, 2, 3].map(() => loadSigner(store, keyring)));
  assert.deepEqual(signers.map((s) => s.keyId), ['audit-signing-key-1', 'audit-signing-key-1', 'audit-signing-key-1']);
  assert.equal((await publicKeys(store)).length, 1);
  const pem = (await publicKeys(store))[0]!.publicKeyPem;
  for (const s of signers) assert.equal(verifySignature(pem, 'doc', s.sign('doc')), true);
  await store.close();
});

test('an ended chain is pruned with a final cut digest after its final digest, and still verifies', async () => {
  const { store, chainId, ctx, signer } = await oldChain(3, 2, 'shutdown');
  assert.equal(await runRetention(ctx, signer), 5);
  assert.equal(await runRetention(ctx, signer), 0, 'nothing left to prune');
  const docs = (await store.auditIntegrity.digests(chainId)).map((d) => JSON.parse(d.document));
  assert.deepEqual(docs.map((d) => [d.kind, d.final, d.prunedThrough]), [['shutdown', true, 0], ['cut', true, 5]]);
  const r = await verifyStore(store);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.chains[0]!.events, 0);
  await store.close();
});

if (await postgresForTests()) {
  test('postgres: three schedulers pruning at once cut once (the cut digest is the claim), and the rest verifies', async () => {
    const db = await createTestDatabase();
    try {
      const { store, signer, ctx, chainId } = await oldChain(4, 3, 'interval', () => Store.open(postgresDialect(db.url, 4)));
      const others = await Promise.all([1, 2].map(() => Store.open(postgresDialect(db.url, 2))));
      const removed = await Promise.all([ctx, ...others.map((s) => ({ ...ctx, store: s }) as Ctx)].map((c) => runRetention(c, signer)));
      assert.equal(removed.reduce((a, b) => a + b, 0), 7, `removed ${removed.join(', ')}`);
      const docs = (await store.auditIntegrity.digests(chainId)).map((d) => JSON.parse(d.document));
      assert.equal(docs.filter((d) => d.kind === 'cut').length, 1);
      assert.equal((await verifyStore(store)).ok, true);
      for (const s of [store, ...others]) await s.close();
    } finally { await db.drop(); }
  });
}
