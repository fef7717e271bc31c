/** Root key providers: passphrase and file; a wrong passphrase or another root refuses to start and changes nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { fileDigest, refusesToStart, startTrent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

test('passphrase root: data survives a restart; a wrong or missing passphrase refuses and changes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-pass-'));
  const env = { TRENT_DATA_DIR: dataDir, TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'correct horse battery staple' };
  let t = await startTrent({ env });
  let kms = kmsClient(t);
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const ct = (await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('kept') }))).CiphertextBlob!;
  kms.destroy();
  await t.stop();
  const db = join(dataDir, 'trent.db');
  const before = fileDigest(db);
  assert.match(refusesToStart({ ...env, TRENT_ROOT_PASSPHRASE: 'wrong' }), /wrong passphrase/);
  assert.match(refusesToStart({ ...env, TRENT_ROOT_PASSPHRASE: '' }), /TRENT_ROOT_PASSPHRASE/);
  assert.match(refusesToStart({ TRENT_DATA_DIR: dataDir }), /sealed under the 'passphrase' root key provider/);
  assert.equal(fileDigest(db), before, 'a refused start changed the database');
  t = await startTrent({ env });
  kms = kmsClient(t);
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'kept');
  kms.destroy();
  await t.stop();
});

test('file root: root.key is 0600; another root key or a missing one refuses to start', async () => {
  const t = await startTrent();
  await t.stop();
  const rootFile = join(t.dataDir, 'root.key');
  assert.equal(statSync(rootFile).mode & 0o777, 0o600);
  assert.equal(statSync(join(t.dataDir, 'credentials')).mode & 0o777, 0o600);
  const original = readFileSync(rootFile);
  writeFileSync(rootFile, randomBytes(32));
  assert.match(refusesToStart({ TRENT_DATA_DIR: t.dataDir }), /sealed under another root key/);
  writeFileSync(rootFile, original);
  const moved = join(t.dataDir, 'root.key.moved');
  writeFileSync(moved, original);
  const { unlinkSync } = await import('node:fs');
  unlinkSync(rootFile);
  assert.match(refusesToStart({ TRENT_DATA_DIR: t.dataDir }), /root key file .* is missing/);
});
