/**
 * The audit log under failure: SIGKILL during group commits loses no acknowledged call's event and
 * leaves every chain gapless with correct hashes; a failing audit write fails the call (fail closed)
 * and the chain stays whole; on PostgreSQL each node keeps its own chains and either node reads all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { eventHash, GENESIS_HASH } from '@trent/server/dist/audit/chain.js';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests, query, startNodes } from './helpers/postgres.js';
import { byRequest, lookup } from './helpers/audit.js';
import { signHeaders } from './helpers/raw.js';

interface EventRow { chain_id: string; seq: number | string; record: string; prev_hash: string; hash: string }

/** Checks every chain: seq 1..n without gaps, each prev_hash the hash before, each hash recomputed. Returns the request ids. */
function checkChains(rows: EventRow[]): { requestIds: Set<string>; chains: number } {
  const byChain = new Map<string, EventRow[]>();
  for (const r of rows) byChain.set(r.chain_id, [...(byChain.get(r.chain_id) ?? []), r]);
  const requestIds = new Set<string>();
  for (const [chain, events] of byChain) {
    events.sort((a, b) => Number(a.seq) - Number(b.seq));
    let prev = GENESIS_HASH;
    events.forEach((e, i) => {
      assert.equal(Number(e.seq), i + 1, `chain ${chain} has no gap before seq ${i + 1}`);
      assert.equal(e.prev_hash, prev, `chain ${chain} seq ${e.seq} links to its predecessor`);
      assert.equal(e.hash, eventHash(chain, Number(e.seq), prev, e.record), `chain ${chain} seq ${e.seq} hash`);
      prev = e.hash;
      requestIds.add(JSON.parse(e.record).requestID);
    });
  }
  return { requestIds, chains: byChain.size };
}

function sqliteEvents(t: Trent): EventRow[] {
  const db = new Database(join(t.dataDir, 'trent.db'), { readonly: true });
  try { return db.prepare('select chain_id, seq, record, prev_hash, hash from audit_events').all() as EventRow[]; } finally { db.close(); }
}

test('SIGKILL during group commits under load: every acknowledged call has its event, every chain is whole', async () => {
  let t = await startTrent();
  const dataDir = t.dataDir;
  let kms: KMSClient = kmsClient(t);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const acked: string[] = [];
  let running = true;
  const lane = async () => {
    while (running) {
      try { acked.push((await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(512, 1) }))).$metadata.requestId!); } catch {
        await new Promise((r) => setTimeout(r, 30)); // the server is down: nothing acknowledged
      }
    }
  };
  const lanes = Array.from({ length: 24 }, lane);
  for (let kill = 0; kill < 2; kill++) {
    await new Promise((r) => setTimeout(r, 800 + Math.random() * 600));
    t.proc.kill('SIGKILL');
    await new Promise((r) => t.proc.once('exit', r));
    kms.destroy();
    t = await startTrent({ env: { TRENT_DATA_DIR: dataDir } });
    kms = kmsClient(t);
  }
  await new Promise((r) => setTimeout(r, 500));
  running = false;
  await Promise.all(lanes);
  kms.destroy();
  await t.stop();
  const { requestIds, chains } = checkChains(sqliteEvents(t));
  assert.ok(acked.length > 50, `enough load: ${acked.length} acknowledged calls`);
  assert.equal(chains, 3, 'one chain per process start');
  const lost = acked.filter((id) => !requestIds.has(id));
  assert.deepEqual(lost, [], 'no acknowledged call lost its event');
});

test('fail closed: when the audit write fails the call fails with an AWS error, and the chain stays whole after', async () => {
  const t = await startTrent();
  const kms = kmsClient(t);
  try {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const db = new Database(join(t.dataDir, 'trent.db'));
    db.exec("create trigger audit_unwritable before insert on audit_events begin select raise(abort, 'audit log unwritable'); end");
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('no reply may claim success') }))));
    for (const r of results) {
      assert.equal(r.status, 'rejected', 'no reply claims success');
      const e = (r as PromiseRejectedResult).reason as Error & { $metadata: { httpStatusCode: number } };
      assert.equal(e.name, 'KMSInternalException');
      assert.equal(e.$metadata.httpStatusCode, 500);
    }
    const iam = await awsShell(t, 'aws iam list-users --endpoint-url $EP', t.dataDir);
    assert.notEqual(iam.code, 0, 'an IAM call fails closed too');
    assert.match(iam.stderr, /InternalFailure/);
    const log = await import('node:fs').then((fs) => fs.readFileSync(t.logFile, 'utf8'));
    assert.ok(!log.includes('no reply may claim success'));
    db.exec('drop trigger audit_unwritable');
    db.close();
    const ok = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    const { events } = await lookup(t, '--lookup-attributes AttributeKey=EventName,AttributeValue=Encrypt');
    assert.equal(events.length, 1, 'only the call that could be recorded is in the log');
    byRequest(events, ok.$metadata.requestId);
  } finally { kms.destroy(); await t.stop(); }
  const { chains } = checkChains(sqliteEvents(t));
  assert.equal(chains, 1);
});

if (await postgresForTests()) {
  test('PostgreSQL, two nodes: each keeps its own chain, LookupEvents on either node sees the events of both', async () => {
    const db = await createTestDatabase();
    const nodes = await startNodes(2, db.url);
    try {
      const clients = nodes.map((n) => kmsClient(n));
      const keyId = (await clients[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const ids: string[][] = [[], []];
      await Promise.all(clients.flatMap((c, i) => Array.from({ length: 10 }, async () => {
        ids[i]!.push((await c.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))).$metadata.requestId!);
      })));
      for (const n of nodes) {
        const { events } = await lookup(n, '--lookup-attributes AttributeKey=EventName,AttributeValue=Encrypt');
        for (const id of [...ids[0]!, ...ids[1]!]) byRequest(events, id);
      }
      const chainRows = await query<{ id: string; node: string }>(db.url, 'select id, node from audit_chains');
      assert.equal(new Set(chainRows.map((c) => c.node)).size, 2, 'two writers, two chains, named for their node');
      clients.forEach((c) => c.destroy());
    } finally { for (const n of nodes) await n.stop(); }
    const rows = await query<EventRow>(db.url, 'select chain_id, seq, record, prev_hash, hash from audit_events');
    assert.equal(checkChains(rows).chains, 2);
    await db.drop();
  });
  test('PostgreSQL: a NUL in an IAM Action is InvalidAction for its caller and fails no one else\'s call (text columns cannot hold NUL)', async () => {
    const db = await createTestDatabase();
    const [t] = await startNodes(1, db.url);
    try {
      const kms = kmsClient(t!);
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const iam = async (action: string) => {
        const body = Buffer.from(`Action=${action}&Version=2010-05-08`);
        const headers = await signHeaders(t!, { 'content-type': 'application/x-www-form-urlencoded' }, body, 'iam');
        delete headers.host;
        const r = await fetch(`${t!.endpoint}/`, { method: 'POST', headers, body });
        return { status: r.status, text: await r.text() };
      };
      // The bad call shares group commits with good ones: none of them may fail because of it.
      const [bad, ...good] = await Promise.all([iam('Get%00User'), ...Array.from({ length: 20 }, () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))]);
      assert.equal(bad!.status, 400, bad!.text);
      assert.match(bad!.text, /InvalidAction/);
      assert.equal(good.length, 20);
      assert.equal((await iam('GetUser')).status, 200);
      const recorded = await query<{ event_name: string; record: string }>(db.url, "select event_name, record from audit_events where event_name like 'Get%User'");
      assert.deepEqual(recorded.map((r) => r.event_name).sort(), ['GetUser', 'Get\uFFFDUser']);
      for (const r of recorded) assert.equal(JSON.parse(r.record).eventName, r.event_name, 'the record and its lookup column agree');
      kms.destroy();
    } finally { await t!.stop(); }
    const rows = await query<EventRow>(db.url, 'select chain_id, seq, record, prev_hash, hash from audit_events');
    assert.equal(checkChains(rows).chains, 1);
    await db.drop();
  });
}
