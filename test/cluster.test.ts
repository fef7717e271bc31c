/** Two worker processes behave as one server: a state change made through one holds on the next request everywhere. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';

let t: Trent;
before(async () => { t = await startTrent({ env: { TRENT_WORKERS: '2' } }); });
after(async () => { await t?.stop(); });

/** A client that opens a new connection per request, so requests spread over both workers. */
function spreadingClient(): KMSClient {
  return new KMSClient({
    endpoint: t.endpoint, region: t.region, credentials: t.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }) }),
  });
}

test('disable and enable hold on every worker from the very next request', async () => {
  const kms = spreadingClient();
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let round = 0; round < 10; round++) {
    // Warm both workers' caches with the enabled key.
    for (let i = 0; i < 4; i++) await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    for (let i = 0; i < 4; i++) {
      await assert.rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), { name: 'DisabledException' });
    }
    await kms.send(new EnableKeyCommand({ KeyId: id }));
    for (let i = 0; i < 4; i++) await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
  }
  kms.destroy();
});

test('an alias moved through one worker resolves to the new key on every worker', async () => {
  const kms = spreadingClient();
  const a = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const b = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: a }));
  for (let round = 0; round < 6; round++) {
    const target = round % 2 ? a : b;
    for (let i = 0; i < 3; i++) await kms.send(new EncryptCommand({ KeyId: 'alias/moving', Plaintext: Buffer.from('x') }));
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: target }));
    for (let i = 0; i < 4; i++) {
      const r = await kms.send(new EncryptCommand({ KeyId: 'alias/moving', Plaintext: Buffer.from('x') }));
      assert.ok(r.KeyId!.endsWith(target), `round ${round}: ${r.KeyId} should be ${target}`);
    }
  }
  kms.destroy();
});

test('both workers served requests', async () => {
  await t.stop();
  const { readFileSync } = await import('node:fs');
  const pids = new Set<number>();
  for (const line of readFileSync(t.logFile, 'utf8').split('\n')) {
    if (line.includes('"msg":"request"')) pids.add(JSON.parse(line).pid);
  }
  assert.equal(pids.size, 2, `requests were served by ${pids.size} worker(s)`);
});
