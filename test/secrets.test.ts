/**
 * A planted plaintext, data key, key material and secret access key never reach the disk, the
 * logs or an error body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, EncryptCommand, GenerateDataKeyCommand, ImportKeyMaterialCommand, KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { importInto, wrapFor } from './helpers/lifecycle.js';

let t: Trent;
before(async () => { t = await startTrent({ env: { TRENT_LOG_LEVEL: 'debug' } }); });
after(async () => { await t?.stop(); });

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesBelow(p) : [p];
  });
}

/** The forms a secret could take on disk or in text. */
function forms(secret: Buffer): Buffer[] {
  return [secret, Buffer.from(secret.toString('base64')), Buffer.from(secret.toString('hex'))];
}

test('planted secrets appear in no file of the data directory, no log line and no error body', async () => {
  const kms = kmsClient(t);
  const planted = Buffer.from('PLANTED-PLAINTEXT-7f3a9c1e-do-not-leak');
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const ct = (await kms.send(new EncryptCommand({ KeyId: id, Plaintext: planted, EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }));
  const dataKey = Buffer.from(dk.Plaintext!);
  // Errors that carry the secrets in the request must not echo them.
  const bodies: string[] = [];
  for (const attempt of [
    () => kms.send(new DecryptCommand({ CiphertextBlob: ct, EncryptionContext: { a: 'c' } })),
    () => kms.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: planted })),
    () => kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.concat([planted, Buffer.alloc(4096)]) })),
  ]) {
    await assert.rejects(attempt(), (e: Error & { $response?: unknown }) => { bodies.push(`${e.name}: ${e.message}`); return true; });
  }
  const wrongSecret = new KMSClient({ endpoint: t.endpoint, region: t.region, maxAttempts: 1, credentials: { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'x'.repeat(40) } });
  await assert.rejects(wrongSecret.send(new EncryptCommand({ KeyId: id, Plaintext: planted })), (e: Error) => { bodies.push(e.message); return true; });
  await t.stop();
  const secrets = [planted, dataKey, Buffer.from(t.credentials.secretAccessKey)];
  for (const text of bodies) for (const s of secrets) for (const f of forms(s)) assert.ok(!text.includes(f.toString()), `an error body leaked a secret: ${text}`);
  const files = filesBelow(t.dataDir).filter((f) => !f.endsWith('/credentials'));
  assert.ok(files.some((f) => f.endsWith('trent.db')));
  assert.ok(files.some((f) => f === t.logFile));
  for (const file of files) {
    const content = readFileSync(file);
    for (const s of secrets) for (const f of forms(s)) assert.equal(content.indexOf(f), -1, `${file} holds a planted secret`);
  }
  const log = readFileSync(t.logFile, 'utf8');
  assert.match(log, /"operation":"Encrypt"/, 'the log does record requests');
  wrongSecret.destroy();
  kms.destroy();
});

test('imported key material appears in no file, log line or error body, through import, deletion and re-import', async () => {
  const s = await startTrent({ env: { TRENT_LOG_LEVEL: 'debug' } });
  const kms = kmsClient(s);
  const material = randomBytes(32);
  const id = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  await importInto(kms, id, material);
  await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
  await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: id }));
  const bodies: string[] = [];
  const { ImportToken, EncryptedKeyMaterial } = await wrapFor(kms, id, randomBytes(32));
  await assert.rejects(kms.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })), (e: Error) => { bodies.push(e.message); return true; });
  await importInto(kms, id, material);
  kms.destroy();
  await s.stop();
  for (const text of bodies) for (const f of forms(material)) assert.ok(!text.includes(f.toString()), `an error body leaked the material: ${text}`);
  for (const file of filesBelow(s.dataDir)) {
    const content = readFileSync(file);
    for (const f of forms(material)) assert.equal(content.indexOf(f), -1, `${file} holds the imported material`);
  }
});
