/** The KMS operations through a Trent whose store is PostgreSQL (its own database, created and dropped by this file). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  EncryptCommand, ListAliasesCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, GenerateDataKeyCommand,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests, query } from './helpers/postgres.js';

if (await postgresForTests()) {
  let t: Trent;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
    t = await startTrent({ env: { TRENT_DATABASE_URL: db.url } });
  });
  after(async () => { await t?.stop(); await db?.drop(); });

  test('postgres: create, encrypt, decrypt, data keys and aliases; the rows are in PostgreSQL, sealed', async () => {
    const kms = kmsClient(t);
    const id = (await kms.send(new CreateKeyCommand({ Description: 'on postgres' }))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/pg', TargetKeyId: id }));
    const ct = (await kms.send(new EncryptCommand({ KeyId: 'alias/pg', Plaintext: Buffer.from('hello pg'), EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
    const pt = await kms.send(new DecryptCommand({ CiphertextBlob: ct, EncryptionContext: { a: 'b' } }));
    assert.equal(Buffer.from(pt.Plaintext!).toString(), 'hello pg');
    assert.equal(pt.KeyId, (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.Arn);
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }));
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))).Plaintext!).toString('hex'), Buffer.from(dk.Plaintext!).toString('hex'));
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: id }))).Aliases!;
    assert.deepEqual(aliases.map((a) => a.AliasName), ['alias/pg']);
    const rows = await query<{ description: string; created_at: string }>(db.url, 'select description, created_at from keys where id = $1', [id]);
    assert.equal(rows[0]?.description, 'on postgres');
    const sealed = await query<{ sealed: Buffer }>(db.url, 'select sealed from key_materials where key_id = $1', [id]);
    assert.equal(sealed.length, 1);
    assert.equal(sealed[0]!.sealed[0], 0x01, 'key material is stored sealed (format v1)');
    kms.destroy();
  });

  test('postgres: disable, enable, schedule and cancel deletion; the scheduler deletes a due key', async () => {
    const kms = kmsClient(t);
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    await assert.rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), { name: 'DisabledException' });
    await kms.send(new EnableKeyCommand({ KeyId: id }));
    const ct = (await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const when = (await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }))).DeletionDate!;
    assert.ok(Math.abs(when.getTime() - Date.now() - 7 * 86_400_000) < 86_400_000);
    await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct })), { name: 'KMSInvalidStateException' });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: id }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.KeyState, 'Disabled');
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    await query(db.url, 'update keys set deletion_date = $1 where id = $2', [Date.now() - 1000, id]); // seven days pass
    let gone = false;
    for (let i = 0; i < 40 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 100));
      gone = (await query(db.url, 'select 1 from keys where id = $1', [id])).length === 0;
    }
    assert.ok(gone, 'the scheduler deleted the key');
    await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: id })), { name: 'NotFoundException' });
    kms.destroy();
  });
}
