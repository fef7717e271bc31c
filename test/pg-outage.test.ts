/**
 * PostgreSQL going away: requests fail quickly with an AWS error (no hang, no crash), cached keys
 * stop being trusted within about a second, and service resumes by itself when the database is
 * back. The outage is a TCP proxy between Trent and PostgreSQL that the test cuts and restores.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { CreateKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { freePort, startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { createTestDatabase, postgresForTests } from './helpers/postgres.js';

/** A proxy to PostgreSQL on `port` that can be cut (every connection dropped, new ones refused) and restored. */
function pgProxy(port: number, target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    up: () => new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
        client.pipe(upstream).pipe(client);
      }).listen(port, '127.0.0.1', () => resolve());
    }),
    down: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    }),
  };
}

if (await postgresForTests()) {
  let t: Trent;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: ReturnType<typeof pgProxy>;
  before(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    const port = await freePort();
    proxy = pgProxy(port, new URL(db.url));
    await proxy.up();
    url.hostname = '127.0.0.1';
    url.port = String(port);
    t = await startTrent({ env: { TRENT_DATABASE_URL: url.toString() } });
  });
  after(async () => { await t?.stop(); await proxy?.down(); await db?.drop(); });

  /** Sends `call`, returning the error name or 'ok', and how long it took. */
  async function attempt(call: () => Promise<unknown>): Promise<{ outcome: string; ms: number }> {
    const start = Date.now();
    try { await call(); return { outcome: 'ok', ms: Date.now() - start }; } catch (err) {
      return { outcome: (err as Error).name, ms: Date.now() - start };
    }
  }

  test('pg outage: AWS errors without hanging while the database is away; service resumes when it is back', async () => {
    const kms: KMSClient = kmsClient(t);
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const encrypt = () => kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
    await encrypt();
    await proxy.down();
    const create = await attempt(() => kms.send(new CreateKeyCommand({})));
    assert.match(create.outcome, /^(DependencyTimeoutException|KMSInternalException)$/);
    assert.ok(create.ms < 8_000, `answered in ${create.ms} ms`);
    await new Promise((r) => setTimeout(r, 1_200)); // the cache no longer trusts what it cannot hear about
    const enc = await attempt(encrypt);
    assert.match(enc.outcome, /^(DependencyTimeoutException|KMSInternalException)$/, 'a key is not used unchecked while its changes cannot be heard');
    assert.equal(t.proc.exitCode, null, 'the server is still running');

    await proxy.up();
    let resumed = '';
    for (let i = 0; i < 40 && resumed !== 'ok'; i++) {
      resumed = (await attempt(encrypt)).outcome;
      if (resumed !== 'ok') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(resumed, 'ok', 'service resumed by itself');
    await kms.send(new CreateKeyCommand({}));
    kms.destroy();
  });
}
