/** Cross-account use through key policies, alias scoping, and global condition keys, against a real server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTrent, TRENT_BIN, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

let t: Trent;
let home: KMSClient;
let away: KMSClient;
let awayAccount: string;
before(async () => {
  t = await startTrent();
  home = kmsClient(t);
  const r = spawnSync(process.execPath, [TRENT_BIN, 'account', 'create', '--data-dir', t.dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const other = JSON.parse(r.stdout);
  awayAccount = other.AccountId;
  away = kmsClient(t, { accessKeyId: other.AccessKeyId, secretAccessKey: other.SecretAccessKey });
});
after(async () => { home?.destroy(); away?.destroy(); await t?.stop(); });

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rootOf = (acct: string) => `arn:aws:iam::${acct}:root`;

test('a key policy that allows another account lets it use the key by ARN; aliases resolve only in the caller account', async () => {
  const k = (await home.send(new CreateKeyCommand({ Policy: policy([
    { Effect: 'Allow', Principal: { AWS: rootOf(t.accountId) }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: rootOf(awayAccount) }, Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: '*' },
  ]) }))).KeyMetadata!;
  await home.send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: k.KeyId! }));
  const e = await away.send(new EncryptCommand({ KeyId: k.Arn!, Plaintext: Buffer.from('x') }));
  assert.equal(e.KeyId, k.Arn);
  assert.equal((await away.send(new DescribeKeyCommand({ KeyId: k.Arn! }))).KeyMetadata!.AWSAccountId, t.accountId);
  await assert.rejects(away.send(new EncryptCommand({ KeyId: 'alias/shared', Plaintext: Buffer.from('x') })), { name: 'NotFoundException' });
  // An alias ARN names its account, so it resolves there, as AWS (only alias names stay in the caller's account).
  await away.send(new EncryptCommand({ KeyId: `arn:aws:kms:${t.region}:${t.accountId}:alias/shared`, Plaintext: Buffer.from('x') }));
  await assert.rejects(away.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: Buffer.from('x') })), { name: 'NotFoundException' });
});

test('global and KMS condition keys: aws:SourceIp, aws:SecureTransport, kms:RequestAlias, aws:ResourceTag', async () => {
  const k = (await home.send(new CreateKeyCommand({ Tags: [{ TagKey: 'env', TagValue: 'prod' }], Policy: policy([
    { Effect: 'Allow', Principal: { AWS: rootOf(t.accountId) }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: rootOf(awayAccount) }, Action: 'kms:Encrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Effect: 'Deny', Principal: '*', Action: 'kms:GenerateDataKey', Resource: '*', Condition: { StringNotEquals: { 'kms:RequestAlias': 'alias/good' } } },
    { Effect: 'Deny', Principal: '*', Action: 'kms:ReEncrypt*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
  ]) }))).KeyMetadata!;
  await home.send(new CreateAliasCommand({ AliasName: 'alias/good', TargetKeyId: k.KeyId! }));
  await home.send(new CreateAliasCommand({ AliasName: 'alias/bad', TargetKeyId: k.KeyId! }));
  await assert.rejects(away.send(new EncryptCommand({ KeyId: k.Arn!, Plaintext: Buffer.from('x') })), { name: 'AccessDeniedException' });
  const ct = (await home.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
  const { DecryptCommand, GenerateDataKeyCommand, ReEncryptCommand } = await import('@aws-sdk/client-kms');
  await assert.rejects(home.send(new DecryptCommand({ CiphertextBlob: ct })), (e: Error) => e.name === 'AccessDeniedException' && /explicit deny/.test(e.message));
  await home.send(new GenerateDataKeyCommand({ KeyId: 'alias/good', KeySpec: 'AES_256' }));
  await assert.rejects(home.send(new GenerateDataKeyCommand({ KeyId: 'alias/bad', KeySpec: 'AES_256' })), { name: 'AccessDeniedException' });
  await assert.rejects(home.send(new GenerateDataKeyCommand({ KeyId: k.KeyId!, KeySpec: 'AES_256' })), { name: 'AccessDeniedException' });
  await assert.rejects(home.send(new ReEncryptCommand({ CiphertextBlob: ct, DestinationKeyId: k.KeyId! })), { name: 'AccessDeniedException' });
});
