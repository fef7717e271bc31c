/**
 * Durability: under load (creates, encrypts, aliases) the server is killed with SIGKILL at random
 * moments and restarted on the same data; every acknowledged call is still there afterwards: each
 * returned key id exists, each returned ciphertext decrypts, each created alias resolves to its key.
 * On SQLite and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests } from './helpers/postgres.js';

interface Acked { keys: string[]; cts: { ct: Uint8Array; text: string }[]; aliases: Map<string, string> }

/** Runs `loops` load loops against whichever server is current, killing and restarting it `kills` times. */
async function crashUnderLoad(env: Record<string, string>, kills: number): Promise<{ acked: Acked; last: Trent }> {
  let t = await startTrent({ env });
  const dataDir = t.dataDir;
  let kms: KMSClient = kmsClient(t);
  const acked: Acked = { keys: [], cts: [], aliases: new Map() };
  let running = true;
  let n = 0;
  const loop = async (lane: number) => {
    while (running) {
      const client = kms;
      try {
        const id = (await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
        acked.keys.push(id);
        const text = `lane ${lane} #${++n}`;
        const ct = (await client.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from(text) }))).CiphertextBlob!;
        acked.cts.push({ ct, text });
        const alias = `alias/crash-${lane}-${n}`;
        await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: id }));
        acked.aliases.set(alias, id);
      } catch {
        await new Promise((r) => setTimeout(r, 50)); // the server is down: not acknowledged, try again
      }
    }
  };
  const loops = [1, 2, 3, 4].map(loop);
  for (let i = 0; i < kills; i++) {
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
    t.proc.kill('SIGKILL');
    await new Promise((r) => t.proc.once('exit', r));
    kms.destroy();
    t = await startTrent({ env: { ...env, TRENT_DATA_DIR: dataDir } });
    kms = kmsClient(t);
  }
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(loops);
  kms.destroy();
  return { acked, last: t };
}

/** Checks every acknowledged call against the restarted server. */
async function verify(t: Trent, acked: Acked): Promise<void> {
  const kms = kmsClient(t);
  assert.ok(acked.keys.length >= 4 && acked.cts.length >= 4, `enough load: ${acked.keys.length} keys`);
  for (const id of acked.keys) await kms.send(new DescribeKeyCommand({ KeyId: id }));
  for (const { ct, text } of acked.cts) assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), text);
  for (const [alias, id] of acked.aliases) {
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata!.KeyId, id);
  }
  kms.destroy();
}

test('crash: SIGKILL under load on SQLite loses no acknowledged call', async () => {
  const { acked, last } = await crashUnderLoad({}, 3);
  try { await verify(last, acked); } finally { await last.stop(); }
});

if (await postgresForTests()) {
  test('crash: SIGKILL under load on PostgreSQL loses no acknowledged call', async () => {
    const db = await createTestDatabase();
    try {
      const { acked, last } = await crashUnderLoad({ TRENT_DATABASE_URL: db.url }, 3);
      try { await verify(last, acked); } finally { await last.stop(); }
    } finally { await db.drop(); }
  });
}
