/** Request quotas with real clients: ThrottlingException as AWS answers it, SDK retries, the CLI, metrics, settings. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { awsShell, kmsClient } from './helpers/clients.js';
import { rawCall } from './helpers/raw.js';
import { TRENT_BIN, refusesToStart, runTrent, startTrent, type Trent } from './helpers/trent.js';

const dir = mkdtempSync(join(tmpdir(), 'trent-quotas-'));
const quotaFile = join(dir, 'quotas.json');
// One UpdateKeyDescription per 5 s: slow enough for the AWS CLI (a second per start) to exceed it.
writeFileSync(quotaFile, JSON.stringify({ 'Cryptographic operations (symmetric) request rate': 10, 'UpdateKeyDescription request rate': 0.2 }));

let t: Trent;
before(async () => { t = await startTrent({ env: { TRENT_QUOTAS: quotaFile } }); });
after(async () => { await t?.stop(); });

/** Sends every command at once; returns the successes and the error names. */
async function burst(kms: KMSClient, commands: any[]): Promise<{ ok: number; errors: string[] }> {
  const settled = await Promise.allSettled(commands.map((c) => kms.send(c)));
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).name] : []));
  return { ok: settled.length - errors.length, errors };
}

test('a burst of 20 CreateKey over the 5/s quota is throttled with ThrottlingException; standard retries get every one through', async () => {
  const noRetry = kmsClient(t);
  const started = Date.now();
  const first = await burst(noRetry, Array.from({ length: 20 }, () => new CreateKeyCommand({})));
  const allowed = 5 + Math.ceil(((Date.now() - started) / 1000) * 5); // the bucket refills at 5/s while the burst runs
  assert.ok(first.ok >= 5 && first.ok <= allowed, `${first.ok} of 20 passed, expected 5..${allowed}`);
  assert.ok(first.errors.length > 0 && first.errors.every((n) => n === 'ThrottlingException'), first.errors.join());
  // Another quota is counted apart: DescribeKey still answers while CreateKey is spent.
  await noRetry.send(new DescribeKeyCommand({ KeyId: 'alias/aws/none' })).catch((err: Error) => assert.equal(err.name, 'NotFoundException'));
  noRetry.destroy();

  const retrying = new KMSClient({ endpoint: t.endpoint, region: t.region, credentials: t.credentials, retryMode: 'standard', maxAttempts: 10 });
  const second = await Promise.all(Array.from({ length: 20 }, () => retrying.send(new CreateKeyCommand({}))));
  retrying.destroy();
  assert.equal(new Set(second.map((r) => r.KeyMetadata!.KeyId)).size, 20);
  assert.ok(second.some((r) => r.$metadata.attempts! > 1), 'the SDK retried throttled calls');
});

test('the reply is AWS\'s: HTTP 400, __type ThrottlingException, the KMS message; the AWS CLI reads it', async () => {
  let throttled;
  for (let i = 0; i < 12 && !throttled; i++) {
    const r = await rawCall(t, 'CreateKey', {});
    if (r.status !== 200) throttled = r;
  }
  assert.ok(throttled, 'twelve CreateKey in a row must exceed 5/s');
  assert.equal(throttled.status, 400);
  assert.equal(throttled.json.__type, 'ThrottlingException');
  assert.equal(throttled.json.message, 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
  assert.ok(throttled.headers['x-amzn-requestid']);
  const keyId = (await rawCall(t, 'DescribeKey', { KeyId: (await rawCall(t, 'ListKeys', {})).json.Keys[0].KeyId })).json.KeyMetadata.KeyId;
  const cli = await awsShell(t, `for i in 1 2; do aws kms update-key-description --key-id ${keyId} --description d$i --endpoint-url $EP || exit 1; done`, dir);
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /An error occurred \(ThrottlingException\) when calling the UpdateKeyDescription operation.*You have exceeded the rate at which you may call KMS/s);
});

test('symmetric cryptographic operations share one quota (10/s here); throttled calls show in the metrics', async () => {
  const kms = kmsClient(t);
  await new Promise((r) => setTimeout(r, 1100)); // a full bucket
  const patient = new KMSClient({ endpoint: t.endpoint, region: t.region, credentials: t.credentials, maxAttempts: 10 });
  const keyId = (await patient.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  patient.destroy();
  const started = Date.now();
  const r = await burst(kms, [
    ...Array.from({ length: 10 }, () => new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
    ...Array.from({ length: 10 }, () => new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })),
  ]);
  kms.destroy();
  const allowed = 10 + Math.ceil(((Date.now() - started) / 1000) * 10);
  assert.ok(r.ok >= 10 && r.ok <= allowed, `${r.ok} of 20 passed, expected 10..${allowed}`);
  assert.ok(r.errors.every((n) => n === 'ThrottlingException'));
  const text = await (await fetch(`${t.endpoint}/metrics`)).text();
  const count = (op: string) => Number(new RegExp(`trent_requests_total\\{operation="${op}",outcome="ThrottlingException"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  assert.equal(count('Encrypt') + count('GenerateDataKey'), r.errors.length);
  assert.ok(count('CreateKey') >= 15);
});

test('each account has its own buckets', async () => {
  await new Promise((r) => setTimeout(r, 1100));
  const made = spawnSync(process.execPath, [TRENT_BIN, 'account', 'create', '--data-dir', t.dataDir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const other = JSON.parse(made.stdout);
  const home = kmsClient(t);
  const away = kmsClient(t, { accessKeyId: other.AccessKeyId, secretAccessKey: other.SecretAccessKey });
  const spent = await burst(home, Array.from({ length: 8 }, () => new CreateKeyCommand({})));
  assert.ok(spent.errors.length > 0, 'the home account exceeded its quota');
  const fresh = await burst(away, Array.from({ length: 5 }, () => new CreateKeyCommand({})));
  assert.deepEqual(fresh, { ok: 5, errors: [] });
  home.destroy(); away.destroy();
});

test('quotas are off when TRENT_QUOTAS is not set; a bad setting refuses to start', async () => {
  const open = await startTrent();
  try {
    const kms = kmsClient(open);
    assert.deepEqual(await burst(kms, Array.from({ length: 15 }, () => new CreateKeyCommand({}))), { ok: 15, errors: [] });
    kms.destroy();
  } finally { await open.stop(); }
  assert.match(refusesToStart({ TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-q-')), TRENT_QUOTAS: join(dir, 'missing.json') }), /TRENT_QUOTAS must be off, aws or a readable JSON file/);
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ 'CreateKeys request rate': 1 }));
  assert.match(refusesToStart({ TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-q-')), TRENT_QUOTAS: join(dir, 'typo.json') }), /unknown quota 'CreateKeys request rate'/);
  const flagged = runTrent(['serve', '--quotas', 'aws', '--quota-nodes', 'two'], { TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-q-')) });
  assert.equal(flagged.status, 2, flagged.stderr);
  assert.match(flagged.stderr, /TRENT_QUOTA_NODES must be a whole number of nodes, at least 1, not 'two'/);
});
