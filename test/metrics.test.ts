/** GET /metrics: Prometheus text with requests by operation and outcome, latency, cache and store figures, summed over workers. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { CreateKeyCommand, EncryptCommand, KMSClient, UpdateKeyDescriptionCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startTrent, type Trent } from './helpers/trent.js';
import { createTestDatabase, postgresForTests } from './helpers/postgres.js';

let t: Trent;
before(async () => { t = await startTrent({ env: { TRENT_WORKERS: '2' } }); });
after(async () => { await t?.stop(); });

/** The value of one sample line, e.g. `trent_requests_total{operation="Encrypt",outcome="ok"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('metrics count every request across both workers by operation and outcome', async () => {
  const kms = new KMSClient({
    endpoint: t.endpoint, region: t.region, credentials: t.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }) }), // spread over the workers
  });
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 0; i < 20; i++) await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
  await assert.rejects(kms.send(new EncryptCommand({ KeyId: '00000000-0000-4000-8000-000000000000', Plaintext: Buffer.from('x') })), { name: 'NotFoundException' });
  kms.destroy();
  const r = await fetch(`${t.endpoint}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type')!, /^text\/plain/);
  const text = await r.text();
  assert.equal(sample(text, 'trent_requests_total{operation="Encrypt",outcome="ok"}'), 20);
  assert.equal(sample(text, 'trent_requests_total{operation="Encrypt",outcome="NotFoundException"}'), 1);
  assert.equal(sample(text, 'trent_requests_total{operation="CreateKey",outcome="ok"}'), 1);
  assert.equal(sample(text, 'trent_request_duration_seconds_count{operation="Encrypt"}'), 21);
  assert.ok(sample(text, 'trent_key_cache_lookups_total{result="hit"}') >= 15, 'most encrypts hit the cache');
  assert.ok(sample(text, 'trent_store_query_duration_seconds_count{outcome="ok"}') > 0);
  assert.match(text, /process_cpu_seconds_total/);
});

// On PostgreSQL, where a load takes several round trips during which other calls arrive (on SQLite a load
// finishes before the next request is even parsed).
test('after a change, concurrent calls that miss the key cache share one load of the key (single flight)', { skip: !(await postgresForTests()) }, async () => {
  const db = await createTestDatabase();
  const one = await startTrent({ env: { TRENT_WORKERS: '1', TRENT_DATABASE_URL: db.url } });
  try {
    const kms = new KMSClient({
      endpoint: one.endpoint, region: one.region, credentials: one.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
    });
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const lookups = async () => {
      const text = await (await fetch(`${one.endpoint}/metrics`)).text();
      return { miss: sample(text, 'trent_key_cache_lookups_total{result="miss"}'), joined: sample(text, 'trent_key_cache_lookups_total{result="joined"}') };
    };
    await Promise.all(Array.from({ length: 64 }, () => kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('warm') }))));
    let joined = 0;
    for (let round = 0; round < 5; round++) {
      await kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: `round ${round}` })); // drops the key from the cache
      const before = await lookups();
      await Promise.all(Array.from({ length: 64 }, () => kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }))));
      const after = await lookups();
      assert.equal(after.miss - before.miss, 1, 'one load from the store for all 64 calls');
      joined += after.joined - before.joined;
    }
    assert.ok(joined > 0, 'some calls arrived while the load was in flight and waited for it');
    kms.destroy();
  } finally { await one.stop(); await db.drop(); }
});
