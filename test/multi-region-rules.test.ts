/**
 * The rules around multi-Region keys, against a real Trent serving three regions through
 * @aws-sdk/client-kms: deletion order (PendingReplicaDeletion until the last replica is gone),
 * AlreadyExists and unknown regions, imported material that a replica must receive the same,
 * and authorization (kms:ReplicateKey, kms:CreateKey in the replica's region, condition keys).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, ImportKeyMaterialCommand,
  ReplicateKeyCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, UpdatePrimaryRegionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { kmsClient } from './helpers/clients.js';
import { admin, newUser } from './helpers/iam.js';
import { importInto, rejects, serverDatabase, waitFor, wrapFor } from './helpers/lifecycle.js';
import { startTrent, type Trent } from './helpers/trent.js';

const [US, EU, AP] = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let t: Trent;
let us: KMSClient;
let eu: KMSClient;
let ap: KMSClient;
before(async () => {
  t = await startTrent({ env: { TRENT_REGIONS: `${US},${EU},${AP}` } });
  [us, eu, ap] = [US, EU, AP].map((r) => kmsClient(t, t.credentials, r)) as [KMSClient, KMSClient, KMSClient];
});
after(async () => { for (const c of [us, eu, ap]) c?.destroy(); await t?.stop(); });

const primary = async (input: Record<string, unknown> = {}): Promise<string> =>
  (await us.send(new CreateKeyCommand({ MultiRegion: true, ...input }))).KeyMetadata!.KeyId!;
const state = async (c: KMSClient, KeyId: string) => (await c.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;

test('a primary with replicas waits in PendingReplicaDeletion; its waiting period starts when the last replica is deleted', async () => {
  const id = await primary();
  await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
  const s = await us.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 9 }));
  assert.equal(s.KeyState, 'PendingReplicaDeletion');
  assert.equal(s.PendingWindowInDays, 9);
  assert.equal(s.DeletionDate, undefined, 'no deletion date until the replicas are gone');
  const md = await state(us, id);
  assert.equal(md.PendingDeletionWindowInDays, 9);
  assert.equal(md.DeletionDate, undefined);
  await rejects(us.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP })), 'KMSInvalidStateException');
  const blob = (await eu.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('still works') }))).CiphertextBlob!;
  assert.equal(Buffer.from((await eu.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'still works');

  // Cancel and schedule again: cancelling a PendingReplicaDeletion leaves the key Disabled, as AWS does.
  await us.send(new CancelKeyDeletionCommand({ KeyId: id }));
  assert.equal((await state(us, id)).KeyState, 'Disabled');
  await us.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 9 }));

  const r = await eu.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  assert.equal(r.KeyState, 'PendingDeletion');
  assert.ok(r.DeletionDate!.getTime() > Date.now() + 6 * 86_400_000);
  const db = serverDatabase(t);
  try {
    db.prepare('update keys set deletion_date = ? where id = ?').run(Date.now() - 1000, `${id}/${EU}`); // the replica's week has passed
  } finally { db.close(); }
  await waitFor('the replica to be deleted and the primary to start its waiting period', async () => (await state(us, id)).KeyState === 'PendingDeletion');
  await rejects(eu.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException');
  const after = await state(us, id);
  assert.deepEqual(after.MultiRegionConfiguration!.ReplicaKeys, []);
  const due = after.DeletionDate!.getTime() - Date.now();
  assert.ok(due > 8.9 * 86_400_000 && due <= 9 * 86_400_000, `deletion date 9 days from now, got ${due} ms`);
});

test('bad replications get AWS exceptions: AlreadyExists, unknown region, single-Region and replica keys, bad input', async () => {
  const id = await primary();
  await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU })), 'AlreadyExistsException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: US })), 'AlreadyExistsException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: 'sa-east-1' })), 'UnsupportedOperationException', /sa-east-1/);
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: 'Mars' })), 'ValidationException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: '' })), 'ValidationException');
  await rejects(eu.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP })), 'UnsupportedOperationException', /replica/);
  const single = (await us.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: single, ReplicaRegion: EU })), 'UnsupportedOperationException', /not a multi-Region key/);
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: `arn:aws:kms:${EU}:${t.accountId}:key/${id}`, ReplicaRegion: AP })), 'NotFoundException');
  await rejects(ap.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException');
  await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: AP })), 'NotFoundException');
  await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: US })), 'NotFoundException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP, Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })), 'TagException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP, Policy: '{"nope"' })), 'MalformedPolicyDocumentException');
  await eu.send(new DisableKeyCommand({ KeyId: id }));
  await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: EU })), 'DisabledException');
});

test('imported material: the replica is PendingImport until the same material is imported into it', async () => {
  const id = await primary({ Origin: 'EXTERNAL' });
  const material = randomBytes(32);
  const first = await importInto(us, id, material);
  const rep = await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
  assert.equal(rep.ReplicaKeyMetadata!.KeyState, 'PendingImport');
  await rejects(eu.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException');
  await rejects(importInto(eu, id, randomBytes(32)), 'IncorrectKeyMaterialException');
  await rejects(importInto(eu, id, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' }), 'UnsupportedOperationException');
  assert.equal(await importInto(eu, id, material), first, 'the same material has the same KeyMaterialId in both regions');
  assert.equal((await state(eu, id)).KeyState, 'Enabled');
  const blob = (await us.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('imported') }))).CiphertextBlob!;
  assert.equal(Buffer.from((await eu.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'imported');

  // On-demand rotation: new material into the primary, the same into the replica, then rotate the primary.
  const next = randomBytes(32);
  const nextId = await importInto(us, id, next, { ImportType: 'NEW_KEY_MATERIAL' });
  await rejects(us.send(new RotateKeyOnDemandCommand({ KeyId: id })), 'KMSInvalidStateException', /replica/);
  const w = await wrapFor(eu, id, next);
  await eu.send(new ImportKeyMaterialCommand({ KeyId: id, ...w, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: nextId }));
  await us.send(new RotateKeyOnDemandCommand({ KeyId: id }));
  assert.equal((await state(eu, id)).CurrentKeyMaterialId, nextId);
  const after = (await eu.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('rotated') }))).CiphertextBlob!;
  assert.equal(Buffer.from((await us.send(new DecryptCommand({ CiphertextBlob: after }))).Plaintext!).toString(), 'rotated');
  assert.equal(Buffer.from((await us.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'imported');
});

test('authorization: kms:ReplicateKey on the primary, kms:CreateKey in the replica region, and the multi-Region condition keys', async () => {
  const id = await primary();
  const bob = await newUser(t, 'mrk-bob');
  const arn = `arn:aws:kms:*:${t.accountId}:key/${id}`;
  const put = (doc: object) => admin(t, `aws iam put-user-policy --user-name mrk-bob --policy-name p --policy-document '${JSON.stringify(doc)}' --endpoint-url $EP`);
  const bobUs = kmsClient(t, bob.credentials, US);
  const bobEu = kmsClient(t, bob.credentials, EU);
  try {
    await put({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:ReplicateKey', Resource: arn }] });
    await rejects(bobUs.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU })), 'AccessDeniedException', /kms:CreateKey/);
    await put({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'kms:ReplicateKey', Resource: arn, Condition: { StringEquals: { 'kms:ReplicaRegion': EU } } },
      { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { Bool: { 'kms:MultiRegion': 'true' } } },
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: arn, Condition: { StringEquals: { 'kms:MultiRegionKeyType': 'REPLICA' } } },
      { Effect: 'Allow', Action: 'kms:UpdatePrimaryRegion', Resource: arn, Condition: { StringEquals: { 'kms:PrimaryRegion': AP } } },
    ] });
    await rejects(bobUs.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP })), 'AccessDeniedException', /kms:ReplicateKey/);
    await bobUs.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
    await rejects(bobUs.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), 'AccessDeniedException');
    const blob = (await bobEu.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('replica only') }))).CiphertextBlob!;
    assert.equal(Buffer.from((await bobEu.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'replica only');
    await rejects(bobUs.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: EU })), 'AccessDeniedException', /kms:UpdatePrimaryRegion/);

    // The replica's own key policy must allow UpdatePrimaryRegion too.
    const denyUpdate = JSON.stringify({ Version: '2012-10-17', Statement: [
      { Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'no', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:UpdatePrimaryRegion', Resource: '*' },
    ] });
    await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: AP, Policy: denyUpdate }));
    await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: AP })), 'AccessDeniedException', /explicit deny/);
    await us.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: EU }));
    assert.equal((await state(eu, id)).MultiRegionConfiguration!.MultiRegionKeyType, 'PRIMARY');
  } finally { bobUs.destroy(); bobEu.destroy(); }
});
