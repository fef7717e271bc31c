/**
 * `trent root rotate` moves the keyring file → passphrase → pkcs11 → file → file without touching
 * any KMS key's material: every ciphertext made before each step still decrypts, and the old root
 * key no longer opens the data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { refusesToStart, runTrent, startTrent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { softHsmToken } from './helpers/softhsm.js';

/** Every sealed key material row, as hex: rotation must leave them byte for byte. */
function materials(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'trent.db'), { readonly: true });
  try {
    return (db.prepare('select key_id, id, sealed from key_materials order by key_id, id').all() as { key_id: string; id: string; sealed: Buffer }[])
      .map((r) => `${r.key_id}/${r.id}/${r.sealed.toString('hex')}`);
  } finally { db.close(); }
}

test('root rotate: file → passphrase → pkcs11 → file → file; old ciphertexts decrypt after each step', async () => {
  const first = await startTrent();
  const dataDir = first.dataDir;
  const cts: Buffer[] = [];
  const serveAndCheck = async (env: Record<string, string>) => {
    const t = await startTrent({ env: { ...env, TRENT_DATA_DIR: dataDir } });
    const kms = kmsClient(t);
    for (const ct of cts) assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'before');
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    cts.push(Buffer.from((await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('before') }))).CiphertextBlob!));
    kms.destroy();
    await t.stop();
  };
  const rotate = (from: Record<string, string>, to: string, extra: Record<string, string> = {}) => {
    const before = materials(dataDir);
    const r = runTrent(['root', 'rotate', '--to', to], { ...extra, ...from, TRENT_DATA_DIR: dataDir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`to the '${to}' root key`));
    assert.deepEqual(materials(dataDir), before, 'no key material was touched');
  };
  await first.stop();
  await serveAndCheck({});

  const fileEnv = { TRENT_ROOT_KEY_PROVIDER: 'file' };
  const passEnv = { TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'a long enough passphrase' };
  assert.match(runTrent(['root', 'rotate', '--to', 'passphrase'], { ...fileEnv, TRENT_DATA_DIR: dataDir }).stderr, /TRENT_NEW_ROOT_PASSPHRASE/);
  rotate(fileEnv, 'passphrase', { TRENT_NEW_ROOT_PASSPHRASE: passEnv.TRENT_ROOT_PASSPHRASE });
  assert.match(refusesToStart({ ...fileEnv, TRENT_DATA_DIR: dataDir }), /sealed under the 'passphrase' root key provider/);
  await serveAndCheck(passEnv);

  const hsm = softHsmToken();
  rotate(passEnv, 'pkcs11', hsm); // the TRENT_PKCS11_* settings name the new key; rotate creates it in the token
  assert.match(refusesToStart({ ...passEnv, TRENT_DATA_DIR: dataDir }), /sealed under the 'pkcs11' root key provider/);
  await serveAndCheck(hsm);

  const oldFile = readFileSync(join(dataDir, 'root.key'));
  rotate(hsm, 'file');
  assert.ok(!readFileSync(join(dataDir, 'root.key')).equals(oldFile), 'a new random root key file');
  assert.ok(!existsSync(join(dataDir, 'root.key.new')));
  await serveAndCheck(fileEnv);

  const previous = readFileSync(join(dataDir, 'root.key'));
  rotate(fileEnv, 'file');
  assert.ok(!readFileSync(join(dataDir, 'root.key')).equals(previous));
  await serveAndCheck(fileEnv);
  assert.equal(cts.length, 5);
});

test('root rotate: a wrong current root key refuses and changes nothing', async () => {
  const t = await startTrent({ env: { TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'the right one' } });
  await t.stop();
  const before = materials(t.dataDir);
  const r = runTrent(['root', 'rotate', '--to', 'file'], { TRENT_DATA_DIR: t.dataDir, TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'the wrong one' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /wrong passphrase/);
  assert.deepEqual(materials(t.dataDir), before);
  assert.ok(!existsSync(join(t.dataDir, 'root.key')), 'no new root key file was left behind');
  await startTrent({ env: { TRENT_DATA_DIR: t.dataDir, TRENT_ROOT_KEY_PROVIDER: 'passphrase', TRENT_ROOT_PASSPHRASE: 'the right one' } }).then((s) => s.stop());
});
