/**
 * `trent backup` while Trent serves under load, then `trent restore` into an empty data directory
 * or database: old ciphertexts decrypt, aliases resolve, secrets stayed sealed in the file. Also
 * SQLite → PostgreSQL through a backup.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { runTrent, startTrent, TRENT_BIN, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests } from './helpers/postgres.js';

const SECRET = 'planted-plaintext-7f3a9c';

/** Makes keys, an alias and ciphertexts; returns the ciphertexts. */
async function populate(kms: KMSClient, n: number, alias = true): Promise<Uint8Array[]> {
  const cts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    if (i === 0 && alias) await kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: id }));
    cts.push((await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from(SECRET) }))).CiphertextBlob!);
  }
  return cts;
}

/** Runs `trent <args>` in the background (so the test keeps driving load meanwhile). */
function trentAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const p = spawn(process.execPath, [TRENT_BIN, ...args], { env: { ...process.env, ...env } });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  return new Promise((r) => p.on('exit', (code) => r({ code, out })));
}

/** Starts Trent on `env`, checks every ciphertext and the alias, stops it. */
async function verify(env: Record<string, string>, cts: Uint8Array[]): Promise<void> {
  const t = await startTrent({ env });
  const kms = kmsClient(t);
  for (const ct of cts) assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), SECRET);
  await kms.send(new EncryptCommand({ KeyId: 'alias/kept', Plaintext: Buffer.from('x') }));
  kms.destroy();
  await t.stop();
}

/** Backs `src` up while creating more keys through it; returns the file and every ciphertext acknowledged before the backup began. */
async function backupUnderLoad(src: Trent, env: Record<string, string>): Promise<{ file: string; cts: Uint8Array[] }> {
  const kms = kmsClient(src);
  const cts = await populate(kms, 8);
  const file = join(mkdtempSync(join(tmpdir(), 'trent-backup-')), 'trent.backup');
  let stop = false;
  const load = (async () => { while (!stop) await populate(kms, 1, false); })();
  const r = await trentAsync(['backup', file], env);
  stop = true;
  await load;
  kms.destroy();
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /backup written to .*keys \d+/);
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes(SECRET), 'no plaintext in the backup');
  assert.ok(!text.includes(Buffer.from(SECRET).toString('base64')), 'no plaintext in the backup');
  return { file, cts };
}

test('backup: SQLite while serving, restored into an empty data directory with the same root key', async () => {
  const src = await startTrent();
  const { file, cts } = await backupUnderLoad(src, { TRENT_DATA_DIR: src.dataDir });
  await src.stop();
  const dest = mkdtempSync(join(tmpdir(), 'trent-restore-'));
  const r = runTrent(['restore', file, '--data-dir', dest], {});
  assert.equal(r.status, 0, r.stderr);
  const again = runTrent(['restore', file, '--data-dir', dest], {});
  assert.equal(again.status, 2, 'restoring over existing data is refused');
  assert.match(again.stderr, /empty data directory/);
  copyFileSync(join(src.dataDir, 'root.key'), join(dest, 'root.key'));
  await verify({ TRENT_DATA_DIR: dest }, cts);
});

if (await postgresForTests()) {
  test('backup: PostgreSQL while serving, restored into a new database; and SQLite → PostgreSQL', async () => {
    const from = await createTestDatabase();
    const to = await createTestDatabase();
    const fromSqlite = await createTestDatabase();
    try {
      const src = await startTrent({ env: { TRENT_DATABASE_URL: from.url } });
      const { file, cts } = await backupUnderLoad(src, { TRENT_DATABASE_URL: from.url, TRENT_DATA_DIR: src.dataDir });
      await src.stop();
      assert.equal(runTrent(['restore', file], { TRENT_DATABASE_URL: to.url }).status, 0);
      await verify({ TRENT_DATABASE_URL: to.url, TRENT_DATA_DIR: src.dataDir }, cts);

      const lite = await startTrent();
      const kms = kmsClient(lite);
      const liteCts = await populate(kms, 3);
      kms.destroy();
      await lite.stop();
      const liteFile = join(lite.dataDir, 'move.backup');
      assert.equal(runTrent(['backup', liteFile], { TRENT_DATA_DIR: lite.dataDir }).status, 0);
      assert.equal(runTrent(['restore', liteFile], { TRENT_DATABASE_URL: fromSqlite.url }).status, 0);
      await verify({ TRENT_DATABASE_URL: fromSqlite.url, TRENT_DATA_DIR: lite.dataDir }, liteCts);
    } finally {
      for (const d of [from, to, fromSqlite]) await d.drop();
    }
  });
}
