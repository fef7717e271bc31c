/** TRENT_AUDIT: `off` records nothing at all (the benchmark's baseline); anything but on/off refuses to start. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { refusesToStart, startTrent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { lookup } from './helpers/audit.js';

test('TRENT_AUDIT=off: calls work, and no chain and no event is written', async () => {
  const t = await startTrent({ env: { TRENT_AUDIT: 'off' } });
  const kms = kmsClient(t);
  try {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    assert.deepEqual((await lookup(t)).events, []);
  } finally { kms.destroy(); await t.stop(); }
  const db = new Database(join(t.dataDir, 'trent.db'), { readonly: true });
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  assert.deepEqual([count('audit_chains'), count('audit_events')], [0, 0]);
  db.close();
});

test('TRENT_AUDIT must be on or off', () => {
  assert.match(refusesToStart({ TRENT_AUDIT: 'maybe' }), /TRENT_AUDIT must be on or off/);
});
