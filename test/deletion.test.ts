/** A key whose waiting period has passed is really deleted by the scheduler, with nobody calling. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

let t: Trent;
before(async () => { t = await startTrent(); });
after(async () => { await t?.stop(); });

test('after the deletion date the key, its material and aliases are gone: NotFoundException', async () => {
  const kms = kmsClient(t);
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const keep = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: id }));
  const ct = (await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('bye') }))).CiphertextBlob!;
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  // Seven days pass: move the deletion date into the past, as the clock would.
  const db = new Database(join(t.dataDir, 'trent.db'));
  db.pragma('busy_timeout = 5000');
  db.prepare('update keys set deletion_date = ? where id = ?').run(Date.now() - 1000, id);
  let gone = false;
  for (let i = 0; i < 40 && !gone; i++) {
    await new Promise((r) => setTimeout(r, 100));
    gone = (db.prepare('select count(*) n from keys where id = ?').get(id) as { n: number }).n === 0;
  }
  assert.ok(gone, 'the scheduler deleted the key');
  assert.equal((db.prepare('select count(*) n from key_materials where key_id = ?').get(id) as { n: number }).n, 0);
  assert.equal((db.prepare("select count(*) n from aliases where name = 'alias/doomed'").get() as { n: number }).n, 0);
  db.close();
  await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: id })), { name: 'NotFoundException' });
  await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct })), { name: 'NotFoundException' });
  await assert.rejects(kms.send(new EncryptCommand({ KeyId: 'alias/doomed', Plaintext: Buffer.from('x') })), { name: 'NotFoundException' });
  await kms.send(new DescribeKeyCommand({ KeyId: keep }));
  kms.destroy();
});
