/**
 * Multi-Region keys on two Trent nodes sharing PostgreSQL: a rotation of the primary on one node
 * reaches the replica cached on the other within a second (every key of the set is invalidated),
 * and a replica disabled through node A stops working on node B while the primary keeps working.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, ReplicateKeyCommand,
  RotateKeyOnDemandCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests, startNodes } from './helpers/postgres.js';
import type { Trent } from './helpers/trent.js';

const [US, EU] = ['us-east-1', 'eu-west-1'];

if (await postgresForTests()) {
  let nodes: Trent[] = [];
  let clients: KMSClient[] = [];
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
    nodes = await startNodes(2, db.url, { TRENT_REGIONS: `${US},${EU}` });
    clients = [kmsClient(nodes[0]!, nodes[0]!.credentials, US), kmsClient(nodes[1]!, nodes[1]!.credentials, EU)];
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
  });

  /** Polls `check` every 20 ms; returns how long it took to hold (fails after 3 s). */
  async function within(check: () => Promise<boolean>): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 3_000) {
      if (await check()) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    return assert.fail('did not hold within 3 s');
  }

  test('multi-node: rotating the primary on node A reaches the replica cached on node B; the new material opens across', async () => {
    const [a, b] = clients as [KMSClient, KMSClient];
    const id = (await a.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
    await a.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
    const before = (await b.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('cached') }))).CiphertextBlob!; // B caches its replica
    await a.send(new RotateKeyOnDemandCommand({ KeyId: id }));
    const current = (await a.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId!;
    const ms = await within(async () => (await b.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId === current);
    assert.ok(ms < 1_000, `node B saw the set's new material after ${ms} ms`);
    const after = await b.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('rotated') }));
    const opened = await a.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob! }));
    assert.equal(opened.KeyMaterialId, current);
    assert.equal(Buffer.from(opened.Plaintext!).toString(), 'rotated');
    assert.equal(Buffer.from((await a.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext!).toString(), 'cached');

    const aInEu = kmsClient(nodes[0]!, nodes[0]!.credentials, EU);
    try { await aInEu.send(new DisableKeyCommand({ KeyId: id })); } finally { aInEu.destroy(); } // the replica only: key state is not shared
    const refused = await within(async () => b.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })).then(() => false, (e: Error) => e.name === 'DisabledException'));
    assert.ok(refused < 1_000);
    await a.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('primary still enabled') }));
  });
}
