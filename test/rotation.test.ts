/**
 * Rotation through @aws-sdk/client-kms against a real Trent: on demand (limit 25), automatic by
 * the scheduler when due (made due by moving next_rotation_at in the server's database, as the
 * clock would), every earlier ciphertext still decrypts, new ones use the newest material.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand,
  EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand, ListKeyRotationsCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient, type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsShell, kmsClient } from './helpers/clients.js';
import { rejects, serverDatabase, waitFor } from './helpers/lifecycle.js';

const DAY = 86_400_000;
let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

const newKey = async (): Promise<string> => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
const encrypt = async (KeyId: string, text: string): Promise<Uint8Array> => (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from(text) }))).CiphertextBlob!;
const current = async (KeyId: string): Promise<string> => (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.CurrentKeyMaterialId!;

async function decrypt(blob: Uint8Array): Promise<{ text: string; materialId: string }> {
  const r = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
  return { text: Buffer.from(r.Plaintext!).toString(), materialId: r.KeyMaterialId! };
}

async function allRotations(KeyId: string, include?: 'ALL_KEY_MATERIAL'): Promise<RotationsListEntry[]> {
  const out: RotationsListEntry[] = [];
  let Marker: string | undefined;
  do {
    const r = await kms.send(new ListKeyRotationsCommand({ KeyId, Limit: 10, Marker, IncludeKeyMaterial: include }));
    out.push(...r.Rotations!);
    assert.equal(r.Truncated, r.NextMarker !== undefined);
    Marker = r.NextMarker;
  } while (Marker);
  return out;
}

test('on-demand rotation: old ciphertexts decrypt with their material, new ones use the new material; 25 at most', async () => {
  const id = await newKey();
  const first = await current(id);
  const ct1 = await encrypt(id, 'before');
  const r = await kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
  assert.equal(r.KeyId, id);
  const second = await current(id);
  assert.notEqual(second, first);
  const ct2 = await encrypt(id, 'after');
  assert.deepEqual(await decrypt(ct1), { text: 'before', materialId: first });
  assert.deepEqual(await decrypt(ct2), { text: 'after', materialId: second });

  const only = await allRotations(id);
  assert.equal(only.length, 1);
  assert.equal(only[0]!.KeyMaterialId, second);
  assert.equal(only[0]!.RotationType, 'ON_DEMAND');
  assert.ok(Math.abs(only[0]!.RotationDate!.getTime() - Date.now()) < 60_000);
  const all = await allRotations(id, 'ALL_KEY_MATERIAL');
  assert.deepEqual(all.map((e) => [e.KeyMaterialId, e.KeyMaterialState, e.RotationType]), [[first, 'NON_CURRENT', undefined], [second, 'CURRENT', 'ON_DEMAND']]);

  for (let i = 2; i <= 25; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: id }));
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: id })), 'LimitExceededException');
  const rotations = await allRotations(id);
  assert.equal(rotations.length, 25, 'paged in tens, all 25 rotations');
  assert.equal(new Set(rotations.map((e) => e.KeyMaterialId)).size, 25);
  assert.equal(rotations[24]!.KeyMaterialId, await current(id));
  // The AWS CLI's paginator walks the same pages (--page-size sets Limit).
  const dir = mkdtempSync(join(tmpdir(), 'trent-rotation-'));
  const cli = await awsShell(t, `aws kms list-key-rotations --key-id ${id} --page-size 10 --query 'Rotations[].KeyMaterialId' --output text --endpoint-url $EP`, dir);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(cli.stdout.trim().split(/\s+/), rotations.map((e) => e.KeyMaterialId));
  assert.equal((await decrypt(ct1)).text, 'before');
  assert.equal((await decrypt(ct2)).text, 'after');
});

test('EnableKeyRotation, GetKeyRotationStatus, DisableKeyRotation; period 90–2560, default 365', async () => {
  const id = await newKey();
  assert.deepEqual(await kms.send(new GetKeyRotationStatusCommand({ KeyId: id })).then((s) => [s.KeyRotationEnabled, s.KeyId, s.RotationPeriodInDays]), [false, id, undefined]);
  await kms.send(new EnableKeyRotationCommand({ KeyId: id }));
  let s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.equal(s.KeyRotationEnabled, true);
  assert.equal(s.RotationPeriodInDays, 365);
  assert.ok(Math.abs(s.NextRotationDate!.getTime() - (Date.now() + 365 * DAY)) < 60_000);
  await kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
  s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.equal(s.RotationPeriodInDays, 90);
  assert.ok(Math.abs(s.NextRotationDate!.getTime() - (Date.now() + 90 * DAY)) < 60_000);
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 89 })), 'ValidationException');
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 2561 })), 'ValidationException');
  await kms.send(new DisableKeyRotationCommand({ KeyId: id }));
  s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.equal(s.KeyRotationEnabled, false);
  assert.equal(s.NextRotationDate, undefined);
});

test('refused where AWS refuses: disabled, pending deletion, HMAC and asymmetric keys, imported material', async () => {
  const id = await newKey();
  await kms.send(new EnableKeyRotationCommand({ KeyId: id }));
  await kms.send(new DisableKeyCommand({ KeyId: id }));
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: id })), 'DisabledException');
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: id })), 'DisabledException');
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled, true, 'disabling the key keeps the setting');
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: id })), 'KMSInvalidStateException');
  await rejects(kms.send(new DisableKeyRotationCommand({ KeyId: id })), 'KMSInvalidStateException');
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled, false, 'false while pending deletion');
  await kms.send(new CancelKeyDeletionCommand({ KeyId: id }));
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled, true, 'restored on cancel');

  // HMAC and asymmetric keys cannot rotate. (Their generators land elsewhere: turn fresh, never-used keys into them in the database.)
  const hmac = await newKey();
  const rsa = await newKey();
  const db = serverDatabase(t);
  db.prepare("update keys set key_spec = 'HMAC_256', key_usage = 'GENERATE_VERIFY_MAC' where id = ?").run(hmac);
  db.prepare("update keys set key_spec = 'RSA_2048' where id = ?").run(rsa);
  db.close();
  for (const KeyId of [hmac, rsa]) {
    await rejects(kms.send(new EnableKeyRotationCommand({ KeyId })), 'UnsupportedOperationException');
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId })), 'UnsupportedOperationException');
    await rejects(kms.send(new GetKeyRotationStatusCommand({ KeyId })), 'UnsupportedOperationException');
    await rejects(kms.send(new ListKeyRotationsCommand({ KeyId })), 'UnsupportedOperationException');
  }
  const ext = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: ext })), 'UnsupportedOperationException');
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: ext })), 'KMSInvalidStateException');
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: ext }))).KeyRotationEnabled, false);
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })), 'NotFoundException');
});

test('the scheduler rotates a key when its rotation is due, and not while the key is disabled', async () => {
  const id = await newKey();
  const other = await newKey();
  const first = await current(id);
  const ct = await encrypt(id, 'old data');
  await kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: other, RotationPeriodInDays: 90 }));
  await kms.send(new DisableKeyCommand({ KeyId: id }));
  const db = serverDatabase(t);
  // Ninety days pass: move the next rotation date into the past, as the clock would.
  db.prepare('update keys set next_rotation_at = ? where id in (?, ?)').run(Date.now() - 1000, id, other);
  await waitFor('the enabled key to rotate', async () => (await allRotations(other)).length === 1);
  assert.equal((await allRotations(id)).length, 0, 'a disabled key is not rotated');
  await kms.send(new EnableKeyCommand({ KeyId: id }));
  await waitFor('the re-enabled key to rotate', async () => (await allRotations(id)).length === 1);
  db.close();
  const [rotation] = await allRotations(id);
  assert.equal(rotation!.RotationType, 'AUTOMATIC');
  assert.equal(rotation!.KeyMaterialId, await current(id));
  assert.notEqual(rotation!.KeyMaterialId, first);
  const s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.ok(Math.abs(s.NextRotationDate!.getTime() - (Date.now() + 90 * DAY)) < 60_000, 'the next rotation is a period later');
  assert.deepEqual(await decrypt(ct), { text: 'old data', materialId: first });
  assert.equal((await decrypt(await encrypt(id, 'new data'))).materialId, rotation!.KeyMaterialId);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal((await allRotations(id)).length, 1, 'rotated once, not on every scheduler run');
});

test('two servers sharing one database rotate each due key exactly once', async () => {
  const second = await startTrent({ env: { TRENT_DATA_DIR: t.dataDir, TRENT_ACCOUNT_ID: t.accountId } });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await newKey();
      await kms.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
      ids.push(id);
    }
    const db = serverDatabase(t);
    const marks = ids.map(() => '?').join(',');
    db.prepare(`update keys set next_rotation_at = ? where id in (${marks})`).run(Date.now() - 1000, ...ids);
    const automatic = () => db.prepare(`select key_id, count(*) n from key_materials where rotation_type = 'AUTOMATIC' and key_id in (${marks}) group by key_id`).all(...ids) as { n: number }[];
    await waitFor('every key to rotate', async () => automatic().length === ids.length);
    await new Promise((r) => setTimeout(r, 750)); // several more runs of both schedulers
    assert.deepEqual(automatic().map((r) => r.n), ids.map(() => 1));
    db.close();
  } finally { await second.stop(); }
});
