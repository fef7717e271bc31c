/**
 * Multi-Region keys against a real Trent serving two regions, through the AWS CLI (`--region`) and
 * @aws-sdk/client-kms: create, replicate, describe both sides, ciphertexts, signatures and MACs made
 * in one region used in the other, rotation of the primary reaching the replica, UpdatePrimaryRegion.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateMacCommand, GetKeyRotationStatusCommand, GetPublicKeyCommand, ListKeyRotationsCommand, ReplicateKeyCommand,
  RotateKeyOnDemandCommand, SignCommand, UpdatePrimaryRegionCommand, VerifyCommand, VerifyMacCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { awsShell, kmsClient, put } from './helpers/clients.js';
import { rejects } from './helpers/lifecycle.js';
import { startTrent, type Trent } from './helpers/trent.js';

const US = 'us-east-1';
const EU = 'eu-west-1';
let t: Trent;
let us: KMSClient;
let eu: KMSClient;
before(async () => {
  t = await startTrent({ env: { TRENT_REGIONS: `${US},${EU}` } });
  us = kmsClient(t, t.credentials, US);
  eu = kmsClient(t, t.credentials, EU);
});
after(async () => { us?.destroy(); eu?.destroy(); await t?.stop(); });

/** A primary key in us-east-1 with a replica in eu-west-1; returns the key id. */
async function keyPair(input: Record<string, unknown> = {}): Promise<string> {
  const id = (await us.send(new CreateKeyCommand({ MultiRegion: true, ...input }))).KeyMetadata!.KeyId!;
  await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
  return id;
}

async function cli(script: string): Promise<any> {
  const dir = mkdtempSync(join(tmpdir(), 'trent-mrk-'));
  const r = await awsShell(t, script, dir);
  assert.equal(r.code, 0, `aws failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

test('AWS CLI: create a multi-Region key, replicate it, describe both sides, encrypt in one region and decrypt in the other', async () => {
  const created = await cli('aws kms create-key --multi-region --description primary --region us-east-1 --endpoint-url $EP');
  const md = created.KeyMetadata;
  assert.match(md.KeyId, /^mrk-[0-9a-f]{32}$/);
  assert.equal(md.MultiRegion, true);
  assert.equal(md.Arn, `arn:aws:kms:${US}:${t.accountId}:key/${md.KeyId}`);
  assert.deepEqual(md.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: md.Arn, Region: US }, ReplicaKeys: [] });

  const rep = await cli(`aws kms replicate-key --key-id ${md.Arn} --replica-region ${EU} --description replica --tags TagKey=site,TagValue=dublin --region ${US} --endpoint-url $EP`);
  const replicaArn = `arn:aws:kms:${EU}:${t.accountId}:key/${md.KeyId}`;
  assert.equal(rep.ReplicaKeyMetadata.KeyId, md.KeyId, 'the replica has the same key id');
  assert.equal(rep.ReplicaKeyMetadata.Arn, replicaArn);
  assert.equal(rep.ReplicaKeyMetadata.KeyState, 'Enabled');
  assert.equal(rep.ReplicaKeyMetadata.Description, 'replica');
  assert.deepEqual(rep.ReplicaTags, [{ TagKey: 'site', TagValue: 'dublin' }]);
  assert.equal(JSON.parse(rep.ReplicaPolicy).Statement[0].Principal.AWS, `arn:aws:iam::${t.accountId}:root`);
  const config = { PrimaryKey: { Arn: md.Arn, Region: US }, ReplicaKeys: [{ Arn: replicaArn, Region: EU }] };
  assert.deepEqual(rep.ReplicaKeyMetadata.MultiRegionConfiguration, { MultiRegionKeyType: 'REPLICA', ...config });

  const usSide = await cli(`aws kms describe-key --key-id ${md.KeyId} --region ${US} --endpoint-url $EP`);
  const euSide = await cli(`aws kms describe-key --key-id ${md.KeyId} --region ${EU} --endpoint-url $EP`);
  assert.deepEqual(usSide.KeyMetadata.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', ...config });
  assert.deepEqual(euSide.KeyMetadata.MultiRegionConfiguration, { MultiRegionKeyType: 'REPLICA', ...config });
  assert.equal(usSide.KeyMetadata.Description, 'primary');
  assert.equal(euSide.KeyMetadata.CurrentKeyMaterialId, usSide.KeyMetadata.CurrentKeyMaterialId, 'same key material');
  const tags = await cli(`aws kms list-resource-tags --key-id ${md.KeyId} --region ${US} --endpoint-url $EP`);
  assert.deepEqual(tags.Tags, [], 'tags are not shared');
  const keys = await cli(`aws kms list-keys --region ${EU} --endpoint-url $EP`);
  assert.ok(keys.Keys.some((k: { KeyId: string; KeyArn: string }) => k.KeyId === md.KeyId && k.KeyArn === replicaArn));

  const dir = mkdtempSync(join(tmpdir(), 'trent-mrk-'));
  put(dir, 'msg.txt', 'across the Atlantic');
  const r = await awsShell(t, [
    `aws kms encrypt --key-id ${md.KeyId} --plaintext fileb://msg.txt --encryption-context app=mrk --region ${US} --endpoint-url $EP --query CiphertextBlob --output text | base64 -d > us.enc`,
    `aws kms decrypt --ciphertext-blob fileb://us.enc --encryption-context app=mrk --region ${EU} --endpoint-url $EP --query Plaintext --output text | base64 -d > from-us.txt`,
    `aws kms encrypt --key-id ${replicaArn} --plaintext fileb://msg.txt --region ${EU} --endpoint-url $EP --query CiphertextBlob --output text | base64 -d > eu.enc`,
    `aws kms decrypt --ciphertext-blob fileb://eu.enc --key-id ${md.Arn} --region ${US} --endpoint-url $EP --query Plaintext --output text | base64 -d > from-eu.txt`,
    `aws kms re-encrypt --ciphertext-blob fileb://us.enc --source-encryption-context app=mrk --destination-key-id ${md.KeyId} --region ${EU} --endpoint-url $EP --query CiphertextBlob --output text | base64 -d > re.enc`,
    `aws kms decrypt --ciphertext-blob fileb://re.enc --region ${US} --endpoint-url $EP --query Plaintext --output text | base64 -d > re.txt`,
  ].join(' && '), dir);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['from-us.txt', 'from-eu.txt', 're.txt']) assert.equal(readFileSync(join(dir, f), 'utf8'), 'across the Atlantic', f);
  // The encryption context still binds: the replica refuses the ciphertext without it.
  const bad = await awsShell(t, `aws kms decrypt --ciphertext-blob fileb://us.enc --region ${EU} --endpoint-url $EP`, dir);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /InvalidCiphertextException/);
});

test('aliases are per region: the same alias name can name the primary in one region and the replica in the other', async () => {
  const id = await keyPair();
  await us.send(new CreateAliasCommand({ AliasName: 'alias/mrk-both', TargetKeyId: id }));
  await eu.send(new CreateAliasCommand({ AliasName: 'alias/mrk-both', TargetKeyId: id }));
  const blob = (await eu.send(new EncryptCommand({ KeyId: 'alias/mrk-both', Plaintext: Buffer.from('alias') }))).CiphertextBlob!;
  const out = await us.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: 'alias/mrk-both' }));
  assert.equal(Buffer.from(out.Plaintext!).toString(), 'alias');
  assert.equal(out.KeyId, `arn:aws:kms:${US}:${t.accountId}:key/${id}`);
});

test('signatures and MACs made by one key of the set verify with the other; public keys are the same', async () => {
  const signer = await keyPair({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  const msg = Buffer.from('signed in Virginia');
  const sig = (await us.send(new SignCommand({ KeyId: signer, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
  const v = await eu.send(new VerifyCommand({ KeyId: signer, Message: msg, Signature: sig, SigningAlgorithm: 'ECDSA_SHA_256' }));
  assert.equal(v.SignatureValid, true);
  const pubUs = (await us.send(new GetPublicKeyCommand({ KeyId: signer }))).PublicKey!;
  const pubEu = (await eu.send(new GetPublicKeyCommand({ KeyId: signer }))).PublicKey!;
  assert.deepEqual(Buffer.from(pubEu), Buffer.from(pubUs));
  await rejects(eu.send(new VerifyCommand({ KeyId: signer, Message: Buffer.from('other'), Signature: sig, SigningAlgorithm: 'ECDSA_SHA_256' })), 'KMSInvalidSignatureException');

  const hmac = await keyPair({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  const mac = (await eu.send(new GenerateMacCommand({ KeyId: hmac, Message: msg, MacAlgorithm: 'HMAC_SHA_256' }))).Mac!;
  assert.equal((await us.send(new VerifyMacCommand({ KeyId: hmac, Message: msg, Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }))).MacValid, true);

  const rsa = await keyPair({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  const ct = (await us.send(new EncryptCommand({ KeyId: rsa, Plaintext: msg, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).CiphertextBlob!;
  const pt = await eu.send(new DecryptCommand({ KeyId: rsa, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
  assert.deepEqual(Buffer.from(pt.Plaintext!), msg);
});

test('rotating the primary rotates the set: old and new ciphertexts decrypt in both regions; replicas refuse rotation settings', async () => {
  const id = await keyPair();
  const old = (await eu.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('old') }))).CiphertextBlob!;
  await us.send(new RotateKeyOnDemandCommand({ KeyId: id }));
  const fresh = (await us.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('new') }))).CiphertextBlob!;
  const usMd = (await us.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
  const euMd = (await eu.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
  assert.equal(euMd.CurrentKeyMaterialId, usMd.CurrentKeyMaterialId, 'the replica has the new material as current at once');
  for (const [client, blob, text] of [[us, old, 'old'], [eu, old, 'old'], [us, fresh, 'new'], [eu, fresh, 'new']] as const) {
    assert.equal(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), text);
  }
  assert.equal((await eu.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations!.length, 1);

  await rejects(eu.send(new RotateKeyOnDemandCommand({ KeyId: id })), 'UnsupportedOperationException');
  await rejects(eu.send(new EnableKeyRotationCommand({ KeyId: id })), 'UnsupportedOperationException');
  await us.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 120 }));
  const status = await eu.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.equal(status.KeyRotationEnabled, true, 'the replica shows the set\'s rotation status');
  assert.equal(status.RotationPeriodInDays, 120);
});

test('UpdatePrimaryRegion swaps the roles; the new primary manages rotation and replication', async () => {
  const id = await keyPair();
  await us.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 200 }));
  await rejects(eu.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: US })), 'UnsupportedOperationException');
  await cli(`aws kms update-primary-region --key-id ${id} --primary-region ${EU} --region ${US} --endpoint-url $EP`);
  const usMd = (await us.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
  const euMd = (await eu.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
  const euArn = `arn:aws:kms:${EU}:${t.accountId}:key/${id}`;
  const usArn = `arn:aws:kms:${US}:${t.accountId}:key/${id}`;
  assert.deepEqual(euMd.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: euArn, Region: EU }, ReplicaKeys: [{ Arn: usArn, Region: US }] });
  assert.equal(usMd.MultiRegionConfiguration!.MultiRegionKeyType, 'REPLICA');
  assert.equal(usMd.KeyState, 'Enabled');
  const status = await eu.send(new GetKeyRotationStatusCommand({ KeyId: id }));
  assert.equal(status.RotationPeriodInDays, 200, 'the set keeps its rotation schedule under the new primary');
  await rejects(us.send(new EnableKeyRotationCommand({ KeyId: id })), 'UnsupportedOperationException');
  await rejects(us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU })), 'UnsupportedOperationException');
  const before = (await us.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
  await eu.send(new RotateKeyOnDemandCommand({ KeyId: id }));
  assert.equal((await us.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId,
    (await eu.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId);
  assert.equal(Buffer.from((await eu.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext!).toString(), 'x');
});
