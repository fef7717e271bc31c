/**
 * Three Trent processes on one PostgreSQL database behave as one service: keys made on one node
 * work on the others at once, state changes reach every node within a second (LISTEN/NOTIFY),
 * concurrent changes give AWS's answers, and the deletion scheduler deletes each key exactly once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  EncryptCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests, query, startCluster, type Cluster } from './helpers/postgres.js';

if (await postgresForTests()) {
  let cluster: Cluster | undefined;
  let nodes: Trent[] = [];
  let kms: KMSClient[] = [];
  let db: Cluster['db'];
  before(async () => { cluster = await startCluster(3); ({ nodes, kms, db } = cluster); });
  after(async () => { await cluster?.stop(); });
  const encrypt = (k: KMSClient, id: string) => k.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));

  /** Milliseconds until `call` on a node rejects with `name` (fails after 3 s). */
  async function refusedWithin(call: () => Promise<unknown>, name: string): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 3_000) {
      try { await call(); } catch (err) {
        assert.equal((err as Error).name, name);
        return Date.now() - start;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`still accepted after 3 s (expected ${name})`);
  }

  /** Milliseconds until `call` succeeds (NOTIFY reaches other nodes just after the reply; fails after 3 s). */
  async function acceptedWithin(call: () => Promise<unknown>): Promise<number> {
    const start = Date.now();
    for (;;) {
      try { await call(); return Date.now() - start; } catch (err) {
        if (Date.now() - start > 3_000) throw err;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  test('multi-node: a key created on A is usable on B and C at once', async () => {
    const [a, b, c] = kms as [KMSClient, KMSClient, KMSClient];
    for (let i = 0; i < 5; i++) {
      const id = (await a.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const ct = (await encrypt(b, id)).CiphertextBlob!;
      assert.equal(Buffer.from((await c.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'x');
    }
  });

  test('multi-node: disable and schedule-deletion on A are refused by B and C within one second', async () => {
    const [a, b, c] = kms as [KMSClient, KMSClient, KMSClient];
    const id = (await a.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    for (let round = 0; round < 3; round++) {
      await encrypt(b, id); await encrypt(c, id); // B and C hold the enabled key in their caches
      await a.send(new DisableKeyCommand({ KeyId: id }));
      assert.ok(await refusedWithin(() => encrypt(b, id), 'DisabledException') < 1_000);
      assert.ok(await refusedWithin(() => encrypt(c, id), 'DisabledException') < 1_000);
      await c.send(new EnableKeyCommand({ KeyId: id }));
      assert.ok(await acceptedWithin(() => encrypt(a, id)) < 1_000);
      assert.ok(await acceptedWithin(() => encrypt(b, id)) < 1_000);
    }
    await a.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    assert.ok(await refusedWithin(() => encrypt(b, id), 'KMSInvalidStateException') < 1_000);
  });

  test('multi-node: after its LISTEN connection is cut, a node reconnects and hears changes again', async () => {
    const [a, b] = kms as [KMSClient, KMSClient];
    await query(db.url, "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'");
    const id = (await a.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await encrypt(b, id);
    await a.send(new DisableKeyCommand({ KeyId: id }));
    assert.ok(await refusedWithin(() => encrypt(b, id), 'DisabledException') < 1_500, 'deaf nodes expire their caches within about a second');
    await new Promise((r) => setTimeout(r, 1_000)); // reconnected by now
    const listening = await query<{ n: number }>(db.url, "select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'");
    assert.equal(listening[0]!.n, 3, 'every node listens again');
    await a.send(new EnableKeyCommand({ KeyId: id }));
    assert.ok(await acceptedWithin(() => encrypt(b, id)) < 1_000, 'B hears the change again');
  });

  test('multi-node: concurrent CreateAlias of one name: one succeeds, the others AlreadyExistsException', async () => {
    for (let round = 0; round < 5; round++) {
      const id = (await kms[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const name = `alias/race-${round}`;
      const results = await Promise.allSettled(kms.map((k) => k.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: id }))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'AlreadyExistsException');
      for (const k of kms) assert.ok(await acceptedWithin(() => encrypt(k, name)) < 1_000);
    }
  });

  test('multi-node: concurrent disable and schedule-deletion of one key end in one state every node agrees on', async () => {
    for (let round = 0; round < 5; round++) {
      const id = (await kms[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const results = await Promise.allSettled([
        kms[0]!.send(new DisableKeyCommand({ KeyId: id })),
        kms[1]!.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })),
        kms[2]!.send(new DisableKeyCommand({ KeyId: id })),
      ]);
      for (const r of results) if (r.status === 'rejected') assert.match((r.reason as Error).name, /KMSInvalidStateException|ConflictException/);
      assert.equal(results[1]!.status, 'fulfilled', 'scheduling deletion is allowed from Enabled and from Disabled');
      const agreed = await acceptedWithin(async () => {
        const states = await Promise.all(kms.map(async (k) => (await k.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.KeyState));
        assert.deepEqual(states, ['PendingDeletion', 'PendingDeletion', 'PendingDeletion']);
      });
      assert.ok(agreed < 1_000, 'every node reports the same state within a second');
      const row = await query<{ state: string; deletion_date: number }>(db.url, 'select state, deletion_date from keys where id = $1', [id]);
      assert.equal(row[0]!.state, 'PendingDeletion');
      assert.ok(Number(row[0]!.deletion_date) > Date.now());
    }
  });

  test('multi-node: concurrent on-demand rotations of one key: each answered, every rotation recorded, old and new ciphertexts decrypt everywhere', async () => {
    const id = (await kms[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const before = (await encrypt(kms[1]!, id)).CiphertextBlob!;
    const results = await Promise.allSettled(kms.map((k) => k.send(new RotateKeyOnDemandCommand({ KeyId: id }))));
    for (const r of results) if (r.status === 'rejected') assert.match((r.reason as Error).name, /ConflictException|LimitExceededException/);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.ok(ok >= 1);
    const rotations = (await kms[2]!.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations ?? [];
    assert.equal(rotations.length, ok, 'one recorded rotation per acknowledged request');
    for (const k of kms) {
      assert.equal(Buffer.from((await k.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext!).toString(), 'x');
      const after = (await encrypt(k, id)).CiphertextBlob!;
      for (const other of kms) await other.send(new DecryptCommand({ CiphertextBlob: after }));
    }
  });

  test('multi-node: three schedulers delete each due key exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = (await kms[i % 3]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await kms[i % 3]!.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
      ids.push(id);
    }
    await query(db.url, 'update keys set deletion_date = $1 where id = any($2)', [Date.now() - 1000, ids]); // seven days pass
    for (let i = 0; i < 50; i++) {
      if ((await query(db.url, 'select 1 from keys where id = any($1)', [ids])).length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(await query(db.url, 'select id from keys where id = any($1)', [ids]), []);
    await Promise.all(nodes.map((n) => n.stop())); // flushes the logs
    const deletions = nodes.flatMap((n) => readFileSync(n.logFile, 'utf8').split('\n'))
      .filter((l) => l.includes('key deleted')).map((l) => JSON.parse(l).keyId as string).filter((k) => ids.includes(k));
    assert.equal(deletions.length, ids.length, 'each key deleted once, by one node');
    assert.equal(new Set(deletions).size, ids.length);
    const byNode = nodes.map((n) => readFileSync(n.logFile, 'utf8').split('\n').filter((l) => l.includes('key deleted')).length);
    process.stderr.write(`deletions per node: ${byNode.join(', ')}\n`);
  });

  test('multi-node: three nodes starting at once on an empty database all come up as one deployment', async () => {
    const fresh = await createTestDatabase();
    const env = { TRENT_DATABASE_URL: fresh.url, TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'shared by every node', TRENT_ACCOUNT_ID: '123456789012' };
    const started = await Promise.all([1, 2, 3].map(() => startTrent({ env })));
    try {
      const clients = started.map((n) => kmsClient(n));
      const id = (await clients[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      for (const k of clients) await encrypt(k, id);
      assert.equal(new Set(started.map((n) => n.credentials.accessKeyId)).size, 1, 'one admin, one account');
      for (const k of clients) k.destroy();
    } finally {
      await Promise.all(started.map((n) => n.stop()));
      await fresh.drop();
    }
  });
}
