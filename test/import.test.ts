/**
 * Bring your own key: the import walkthrough (seeds/003) exactly as written — openssl and the AWS
 * CLI with only --endpoint-url added (its data-key half is in seeds.test.ts) — then the failure
 * cases and expiry by the scheduler through @aws-sdk/client-kms.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';
import { importInto, rejects, serverDatabase, waitFor, wrapFor } from './helpers/lifecycle.js';
import { decryptAgain, roundTrip, wrapKeyMaterial } from './helpers/seed003.js';

let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

/** Runs a script in `dir`; fails the test with the CLI's output when it fails. */
async function sh(dir: string, script: string): Promise<string> {
  const r = await awsShell(t, `set -e\n${script}`, dir);
  assert.equal(r.code, 0, `script failed:\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

/**
 * Creates an EXTERNAL key with an alias (the article does this in the console), then gets the
 * wrapping key and token with the CLI into files named as in the console's ImportParameters.zip.
 */
async function externalKeyWithParameters(dir: string, algorithm: string, spec: string, alias: string): Promise<string> {
  const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  await sh(dir, `
aws kms get-parameters-for-import --key-id ${keyId} --wrapping-algorithm ${algorithm} --wrapping-key-spec ${spec} \\
  --query '[PublicKey,ImportToken]' --output text --endpoint-url $EP > parameters.txt
cut -f1 parameters.txt | base64 -d > wrappingKey_${keyId}
cut -f2 parameters.txt | base64 -d > importToken_${keyId}`);
  return keyId;
}

const importCli = (keyId: string): string => `aws kms import-key-material --key-id ${keyId} \\
  --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://importToken_${keyId} \\
  --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE --endpoint-url $EP`;

test('the seed walkthrough: import with openssl rsautl -oaep, encrypt, delete the material, fail, re-import, decrypt again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-import-'));
  const keyId = await externalKeyWithParameters(dir, 'RSAES_OAEP_SHA_1', 'RSA_2048', 'alias/mykey');
  const before = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.equal(before.KeyMetadata!.KeyState, 'PendingImport');
  assert.equal(before.KeyMetadata!.Origin, 'EXTERNAL');
  await sh(dir, wrapKeyMaterial(`wrappingKey_${keyId}`));
  const imported = JSON.parse(await sh(dir, importCli(keyId))) as { KeyId: string; KeyMaterialId: string };
  assert.equal(imported.KeyId, before.KeyMetadata!.Arn);
  assert.match(imported.KeyMaterialId, /^[0-9a-f]{64}$/);
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(m.KeyState, 'Enabled');
  assert.equal(m.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
  assert.equal(m.CurrentKeyMaterialId, imported.KeyMaterialId);

  await sh(dir, 'printf "This is my secret message" > my_secret_message.txt');
  assert.equal(await sh(dir, roundTrip), 'This is my secret message');

  // The article deletes and re-imports in the console: here the SDK does, with the same files.
  await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
  const failed = await awsShell(t, decryptAgain, dir);
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr, /An error occurred \(KMSInvalidStateException\) when calling the Decrypt operation: arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36} is pending import\./);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'PendingImport');

  const again = await kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, EncryptedKeyMaterial: readFileSync(join(dir, 'EncryptedKeyMaterial.bin')),
    ImportToken: readFileSync(join(dir, `importToken_${keyId}`)), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }));
  assert.equal(again.KeyMaterialId, imported.KeyMaterialId, 'the same material has the same id');
  await sh(dir, decryptAgain);
  assert.equal(readFileSync(join(dir, 'my_decrypted_secret_message.txt'), 'utf8'), 'This is my secret message');
});

const DAY = 86_400_000;
const externalKey = async (): Promise<string> => (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
const encrypt = async (KeyId: string, text: string): Promise<Uint8Array> => (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from(text) }))).CiphertextBlob!;
const decrypt = async (CiphertextBlob: Uint8Array): Promise<string> => Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString();

test('GetParametersForImport: DER public key, 24 hours; refused for AWS_KMS keys, PKCS#1 v1.5 and SM2', async () => {
  const keyId = await externalKey();
  await rejects(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', /is pending import\.$/);
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }));
  assert.ok(Math.abs(p.ParametersValidTo!.getTime() - (Date.now() + DAY)) < 60_000);
  assert.match(p.KeyId!, new RegExp(`:key/${keyId}$`));
  const native = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await rejects(kms.send(new GetParametersForImportCommand({ KeyId: native, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })), 'UnsupportedOperationException');
  await rejects(kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' })), 'UnsupportedOperationException');
  await rejects(kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' })), 'UnsupportedOperationException');
  await rejects(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: native })), 'UnsupportedOperationException');
});

test('ImportKeyMaterial refuses another key\'s token, expired tokens, unwrappable or wrong-size material, bad ValidTo', async () => {
  const keyId = await externalKey();
  const other = await externalKey();
  const material = randomBytes(32);
  const forOther = await wrapFor(kms, other, material);
  const send = (over: Record<string, unknown>) => kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: forOther.ImportToken, EncryptedKeyMaterial: forOther.EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...over }));
  await rejects(send({}), 'InvalidImportTokenException');
  const mine = await wrapFor(kms, keyId, material);
  await rejects(send({ ImportToken: Buffer.from(mine.ImportToken).fill(7, 20, 21) }), 'InvalidImportTokenException');
  await rejects(send({ ImportToken: mine.ImportToken, EncryptedKeyMaterial: forOther.EncryptedKeyMaterial }), 'InvalidCiphertextException');
  await rejects(send({ ImportToken: mine.ImportToken, EncryptedKeyMaterial: randomBytes(256) }), 'InvalidCiphertextException');
  const short = await wrapFor(kms, keyId, randomBytes(16));
  await rejects(send({ ImportToken: short.ImportToken, EncryptedKeyMaterial: short.EncryptedKeyMaterial }), 'IncorrectKeyMaterialException');
  await rejects(send({ ...mine, ExpirationModel: undefined }), 'ValidationException', /ValidTo/);
  await rejects(send({ ...mine, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() + 366 * DAY) }), 'ValidationException');
  await rejects(send({ ...mine, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() - 1000) }), 'ValidationException');
  await rejects(send({ ...mine, ValidTo: new Date(Date.now() + DAY) }), 'ValidationException');
  // A day passes: the wrapping key pair's validity ends.
  const db = serverDatabase(t);
  db.prepare('update import_parameters set expires_at = ? where key_id = ?').run(Date.now() - 1000, keyId);
  db.close();
  await rejects(send(mine), 'ExpiredImportTokenException');
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'PendingImport', 'nothing was imported');
});

test('only the same material comes back; at ValidTo the scheduler deletes it and the key waits for import', async () => {
  const keyId = await externalKey();
  const material = randomBytes(32);
  const validTo = new Date(Math.floor((Date.now() + 30 * DAY) / 1000) * 1000);
  const id = await importInto(kms, keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
  let m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.deepEqual([m.KeyState, m.ExpirationModel, m.ValidTo?.getTime()], ['Enabled', 'KEY_MATERIAL_EXPIRES', validTo.getTime()]);
  const ct = await encrypt(keyId, 'kept safe');
  // Thirty days pass: move ValidTo into the past, as the clock would.
  const db = serverDatabase(t);
  db.prepare('update key_materials set valid_to = ? where key_id = ?').run(Date.now() - 1000, keyId);
  db.close();
  await waitFor('the material to expire', async () => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState === 'PendingImport');
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct })), 'KMSInvalidStateException', /is pending import\./);
  await rejects(importInto(kms, keyId, randomBytes(32)), 'IncorrectKeyMaterialException');
  assert.equal(await importInto(kms, keyId, material), id);
  m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.deepEqual([m.KeyState, m.ExpirationModel, m.ValidTo], ['Enabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined]);
  assert.equal(await decrypt(ct), 'kept safe');
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob! }))).Plaintext!), Buffer.from(dk.Plaintext!));
  // The same material in another key is another key: its ciphertexts do not cross.
  const twin = await externalKey();
  assert.notEqual(await importInto(kms, twin, material), id);
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct, KeyId: twin })), 'IncorrectKeyException');
});
