/**
 * Several materials per imported key (AWS 2025): NEW_KEY_MATERIAL waits in PENDING_ROTATION until
 * RotateKeyOnDemand makes it current; EXISTING_KEY_MATERIAL re-imports with KeyMaterialId; every
 * associated material must be imported for the key to be usable; ListKeyRotations shows them all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GetParametersForImportCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand, type KMSClient, type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { importInto, rejects } from './helpers/lifecycle.js';

let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

const describe = async (KeyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
const encrypt = async (KeyId: string, text: string): Promise<Uint8Array> => (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from(text) }))).CiphertextBlob!;

async function decrypt(CiphertextBlob: Uint8Array): Promise<[string, string]> {
  const r = await kms.send(new DecryptCommand({ CiphertextBlob }));
  return [Buffer.from(r.Plaintext!).toString(), r.KeyMaterialId!];
}

async function materials(KeyId: string): Promise<Partial<RotationsListEntry>[]> {
  const r = await kms.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
  return r.Rotations!.map((e) => ({ KeyMaterialId: e.KeyMaterialId, KeyMaterialState: e.KeyMaterialState, ImportState: e.ImportState, KeyMaterialDescription: e.KeyMaterialDescription, RotationType: e.RotationType }));
}

test('new material waits for RotateKeyOnDemand; old and new ciphertexts both open; re-import by KeyMaterialId', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  const a = randomBytes(32);
  const b = randomBytes(32);
  const idA = await importInto(kms, keyId, a, { KeyMaterialDescription: 'first' });
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), 'KMSInvalidStateException', /PENDING_ROTATION/);
  const ctA = await encrypt(keyId, 'under a');
  await rejects(importInto(kms, keyId, b), 'IncorrectKeyMaterialException', /not the key material previously imported/);
  await rejects(importInto(kms, keyId, a, { ImportType: 'NEW_KEY_MATERIAL' }), 'IncorrectKeyMaterialException');
  const idB = await importInto(kms, keyId, b, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' });
  assert.notEqual(idB, idA);
  await rejects(importInto(kms, keyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' }), 'KMSInvalidStateException', /pending rotation/);
  assert.deepEqual(await materials(keyId), [
    { KeyMaterialId: idA, KeyMaterialState: 'CURRENT', ImportState: 'IMPORTED', KeyMaterialDescription: 'first', RotationType: undefined },
    { KeyMaterialId: idB, KeyMaterialState: 'PENDING_ROTATION', ImportState: 'IMPORTED', KeyMaterialDescription: 'second', RotationType: undefined },
  ]);
  assert.equal((await describe(keyId)).CurrentKeyMaterialId, idA, 'pending material is not used yet');
  assert.deepEqual(await decrypt(await encrypt(keyId, 'still a')), ['still a', idA]);

  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  assert.equal((await describe(keyId)).CurrentKeyMaterialId, idB);
  const ctB = await encrypt(keyId, 'under b');
  assert.deepEqual(await decrypt(ctA), ['under a', idA]);
  assert.deepEqual(await decrypt(ctB), ['under b', idB]);
  const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!;
  assert.deepEqual(rotations.map((e) => [e.KeyMaterialId, e.RotationType, e.KeyMaterialState]), [[idB, 'ON_DEMAND', 'CURRENT']]);

  // Re-import A by its id (changing nothing but the description), and refuse a mismatched id.
  assert.equal(await importInto(kms, keyId, a, { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idA, KeyMaterialDescription: 'first again' }), idA);
  await rejects(importInto(kms, keyId, b, { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idA }), 'IncorrectKeyMaterialException');
  await rejects(importInto(kms, keyId, a, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: idA }), 'ValidationException');
  assert.equal((await materials(keyId))[0]!.KeyMaterialDescription, 'first again');
});

test('deleting any associated material makes the key PendingImport; deleting pending material only removes it', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  const a = randomBytes(32);
  const b = randomBytes(32);
  const idA = await importInto(kms, keyId, a);
  const idB = await importInto(kms, keyId, b, { ImportType: 'NEW_KEY_MATERIAL' });
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const ctB = await encrypt(keyId, 'under b');

  const del = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: idA }));
  assert.equal(del.KeyMaterialId, idA);
  assert.equal((await describe(keyId)).KeyState, 'PendingImport', 'every associated material must be present');
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: ctB })), 'KMSInvalidStateException', /is pending import/);
  assert.deepEqual((await materials(keyId)).map((m) => [m.KeyMaterialId, m.ImportState]), [[idA, 'PENDING_IMPORT'], [idB, 'IMPORTED']]);
  await rejects(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: idA })), 'KMSInvalidStateException');
  await importInto(kms, keyId, a);
  assert.equal((await describe(keyId)).KeyState, 'Enabled');
  assert.deepEqual(await decrypt(ctB), ['under b', idB]);

  const idC = await importInto(kms, keyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
  await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: idC }));
  assert.equal((await describe(keyId)).KeyState, 'Enabled', 'pending material is not associated with the key');
  assert.deepEqual((await materials(keyId)).map((m) => m.KeyMaterialId), [idA, idB]);
  // Without KeyMaterialId the current material goes.
  assert.equal((await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }))).KeyMaterialId, idB);
  assert.equal((await describe(keyId)).KeyState, 'PendingImport');
});

test('key policies see the lifecycle condition keys: WrappingKeySpec, ExpirationModel, ValidTo, RotationPeriodInDays', async () => {
  const deny = (Action: string, Condition: unknown) => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action, Resource: '*', Condition });
  const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' },
    deny('kms:GetParametersForImport', { StringEquals: { 'kms:WrappingKeySpec': 'RSA_3072' } }),
    deny('kms:ImportKeyMaterial', { StringEquals: { 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' } }),
    deny('kms:ImportKeyMaterial', { DateGreaterThan: { 'kms:ValidTo': new Date(Date.now() + 10 * 86_400_000).toISOString() } }),
    deny('kms:EnableKeyRotation', { NumericLessThan: { 'kms:RotationPeriodInDays': '180' } }),
  ] });
  const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Policy }))).KeyMetadata!.KeyId!;
  await rejects(kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' })), 'AccessDeniedException');
  const material = randomBytes(32);
  await rejects(importInto(kms, keyId, material), 'AccessDeniedException');
  await rejects(importInto(kms, keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() + 20 * 86_400_000) }), 'AccessDeniedException');
  await importInto(kms, keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() + 5 * 86_400_000) });
  const native = (await kms.send(new CreateKeyCommand({ Policy }))).KeyMetadata!.KeyId!;
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: native, RotationPeriodInDays: 90 })), 'AccessDeniedException');
  await kms.send(new EnableKeyRotationCommand({ KeyId: native, RotationPeriodInDays: 365 }));
});
