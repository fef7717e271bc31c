/** SigV4 on every request: unknown keys, wrong secrets, missing or malformed auth, clock skew, scope. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CreateKeyCommand, EncryptCommand, KMSClient, ListKeysCommand, DescribeKeyCommand, DecryptCommand } from '@aws-sdk/client-kms';
import { startTrent, TRENT_BIN, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

let t: Trent;
before(async () => { t = await startTrent({ env: { TRENT_REGIONS: 'us-east-1,eu-west-1' } }); });
after(async () => { await t?.stop(); });

function client(over: Partial<{ accessKeyId: string; secretAccessKey: string }>, region = t.region, skew = 0): KMSClient {
  return new KMSClient({ endpoint: t.endpoint, region, maxAttempts: 1, systemClockOffset: skew, credentials: { ...t.credentials, ...over } });
}

async function post(headers: Record<string, string>, body = '{}'): Promise<{ status: number; body: { __type: string; message: string } }> {
  const r = await fetch(t.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys', ...headers }, body });
  return { status: r.status, body: await r.json() as { __type: string; message: string } };
}

test('valid credentials work; an unknown access key is UnrecognizedClientException', async () => {
  await kmsClient(t).send(new ListKeysCommand({}));
  await assert.rejects(client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).send(new ListKeysCommand({})), { name: 'UnrecognizedClientException' });
});

test('a wrong secret is InvalidSignatureException', async () => {
  await assert.rejects(client({ secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }).send(new ListKeysCommand({})), { name: 'InvalidSignatureException' });
});

test('more than five minutes of clock skew is InvalidSignatureException (signature expired / not yet current)', async () => {
  await assert.rejects(client({}, t.region, -6 * 60_000).send(new ListKeysCommand({})), (e: Error) => e.name === 'InvalidSignatureException' && /Signature expired/.test(e.message));
  await assert.rejects(client({}, t.region, 6 * 60_000).send(new ListKeysCommand({})), (e: Error) => e.name === 'InvalidSignatureException' && /not yet current/.test(e.message));
  await client({}, t.region, -4 * 60_000).send(new ListKeysCommand({}));
});

test('missing and malformed Authorization headers', async () => {
  const none = await post({});
  assert.equal(none.body.__type, 'MissingAuthenticationTokenException');
  assert.equal(none.status, 403);
  const partial = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIAX/20261123/us-east-1/kms/aws4_request', 'x-amz-date': '20261123T000000Z' });
  assert.equal(partial.body.__type, 'IncompleteSignatureException');
  const otherAlg = await post({ authorization: 'AWS3 foo' });
  assert.equal(otherAlg.body.__type, 'IncompleteSignatureException');
});

test('a region the deployment does not serve is refused; keys belong to their region', async () => {
  await assert.rejects(client({}, 'ap-south-1').send(new ListKeysCommand({})), (e: Error) => e.name === 'InvalidSignatureException' && /valid region/.test(e.message));
  const east = kmsClient(t);
  const west = kmsClient(t, t.credentials, 'eu-west-1');
  const k = await west.send(new CreateKeyCommand({}));
  assert.match(k.KeyMetadata!.Arn!, /^arn:aws:kms:eu-west-1:/);
  await assert.rejects(east.send(new DescribeKeyCommand({ KeyId: k.KeyMetadata!.KeyId! })), { name: 'NotFoundException' });
  const ids = (await east.send(new ListKeysCommand({}))).Keys!.map((x) => x.KeyId);
  assert.ok(!ids.includes(k.KeyMetadata!.KeyId!));
  const ct = await west.send(new EncryptCommand({ KeyId: k.KeyMetadata!.KeyId!, Plaintext: Buffer.from('w') }));
  await assert.rejects(east.send(new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob })), { name: 'NotFoundException' });
});

test('another account cannot use or see a key; its own admin can use its own', async () => {
  const r = spawnSync(process.execPath, [TRENT_BIN, 'account', 'create', '--data-dir', t.dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const other = JSON.parse(r.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
  assert.notEqual(other.AccountId, t.accountId);
  const mine = await kmsClient(t).send(new CreateKeyCommand({}));
  const theirs = kmsClient(t, { accessKeyId: other.AccessKeyId, secretAccessKey: other.SecretAccessKey });
  const arn = mine.KeyMetadata!.Arn!;
  await assert.rejects(theirs.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })), (e: Error) => e.name === 'AccessDeniedException' && e.message.includes(`arn:aws:iam::${other.AccountId}:user/admin`) && e.message.includes('kms:Encrypt'));
  await assert.rejects(theirs.send(new DescribeKeyCommand({ KeyId: mine.KeyMetadata!.KeyId! })), { name: 'NotFoundException' });
  const ct = await kmsClient(t).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }));
  await assert.rejects(theirs.send(new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob })), { name: 'AccessDeniedException' });
  const own = await theirs.send(new CreateKeyCommand({}));
  assert.equal(own.KeyMetadata!.AWSAccountId, other.AccountId);
  assert.equal((await theirs.send(new ListKeysCommand({}))).Keys!.length, 1);
});
