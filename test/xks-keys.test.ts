/**
 * KMS keys in an external key store, against a real XKS proxy (helpers/xks-proxy.ts): CreateKey
 * checks the external key through the proxy, Encrypt/Decrypt/GenerateDataKey/ReEncrypt use double
 * encryption (blob format v3), and nothing decrypts without the external key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, CreateKeyCommand, DecryptCommand, DeleteCustomKeyStoreCommand, DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand, ReEncryptCommand, RotateKeyOnDemandCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient, put } from './helpers/clients.js';
import { XksProxy } from './helpers/xks-proxy.js';

let t: Trent;
let proxy: XksProxy;
let kms: KMSClient;
let storeId: string;
before(async () => {
  t = await startTrent();
  proxy = await XksProxy.start({ region: t.region });
  kms = kmsClient(t);
  storeId = (await kms.send(new CreateCustomKeyStoreCommand({
    CustomKeyStoreName: 'keys', CustomKeyStoreType: 'EXTERNAL_KEY_STORE', XksProxyConnectivity: 'PUBLIC_ENDPOINT',
    XksProxyUriEndpoint: proxy.endpoint, XksProxyUriPath: proxy.uriPath,
    XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secret },
  }))).CustomKeyStoreId!;
});
after(async () => { await t?.stop(); await proxy?.close(); });

async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => { assert.equal(e.name, name, e.message); if (message) assert.match(e.message, message); return true; });
}

function xksKey(xksKeyId: string, over: Record<string, unknown> = {}) {
  return kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: xksKeyId, ...over }));
}

test('CreateKey needs a CONNECTED store and an enabled AES-256 external key no other KMS key uses', async () => {
  proxy.addKey('ext-1');
  await rejects(xksKey('ext-1'), 'CustomKeyStoreInvalidStateException', /DISCONNECTED/);
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  const md = (await xksKey('ext-1', { Description: 'xks' })).KeyMetadata!;
  assert.deepEqual([md.Origin, md.CustomKeyStoreId, md.XksKeyConfiguration, md.KeySpec, md.KeyState], ['EXTERNAL_KEY_STORE', storeId, { Id: 'ext-1' }, 'SYMMETRIC_DEFAULT', 'Enabled']);
  const described = (await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!;
  assert.deepEqual([described.CustomKeyStoreId, described.XksKeyConfiguration], [storeId, { Id: 'ext-1' }]);
  const probe = proxy.seen.find((r) => r.route === '/keys/ext-1/metadata')!;
  assert.equal(probe.requestMetadata.kmsOperation, 'CreateKey');
  assert.match(probe.requestMetadata.awsPrincipalArn!, /^arn:aws:iam::\d{12}:user\/admin$/);
  await rejects(xksKey('ext-1'), 'XksKeyAlreadyInUseException');
  await rejects(xksKey('no-such-key'), 'XksKeyNotFoundException');
  proxy.addKey('disabled', { enabled: false });
  await rejects(xksKey('disabled'), 'XksKeyInvalidConfigurationException', /not enabled/);
  proxy.addKey('sign-only', { usage: ['SIGN', 'VERIFY'] });
  await rejects(xksKey('sign-only'), 'XksKeyInvalidConfigurationException');
  await rejects(xksKey('ext-x', { KeySpec: 'RSA_2048' }), 'UnsupportedOperationException');
  await rejects(xksKey('ext-x', { MultiRegion: true }), 'UnsupportedOperationException', /Multi-Region/);
  await rejects(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId })), 'ValidationException', /XksKeyId/);
  await rejects(kms.send(new CreateKeyCommand({ XksKeyId: 'ext-1' })), 'ValidationException', /XksKeyId/);
  await rejects(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: 'cks-00000000000000000', XksKeyId: 'ext-1' })), 'CustomKeyStoreNotFoundException');
  await rejects(kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId })), 'UnsupportedOperationException');
  // Keys in custom key stores are never rotated, and the store cannot go while they exist.
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: md.KeyId })), 'UnsupportedOperationException');
  await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId })), 'UnsupportedOperationException');
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  await rejects(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })), 'CustomKeyStoreHasCMKsException');
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
});

test('double encryption: every call goes through the external key, and nothing decrypts without it', async () => {
  proxy.addKey('ext-2');
  const keyId = (await xksKey('ext-2')).KeyMetadata!.KeyId!;
  const plain = Buffer.from('attack at dawn');
  const context = { purpose: 'xks-test' };
  const before = proxy.seen.length;
  const blob = Buffer.from((await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plain, EncryptionContext: context }))).CiphertextBlob!);
  assert.equal(blob[0], 0x03, 'format v3');
  const enc = proxy.seen.slice(before).find((r) => r.route === '/keys/ext-2/encrypt')!;
  assert.deepEqual([enc.requestMetadata.kmsOperation, enc.requestMetadata.kmsKeyArn], ['Encrypt', `arn:aws:kms:${t.region}:${t.accountId}:key/${keyId}`]);
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
  assert.deepEqual([Buffer.from(out.Plaintext!), out.KeyId], [plain, `arn:aws:kms:${t.region}:${t.accountId}:key/${keyId}`]);
  assert.equal(proxy.seen.at(-1)!.route, '/keys/ext-2/decrypt');
  // The external layer is bound to the encryption context and to every byte of the blob.
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'other' } })), 'KMSInvalidStateException', /ciphertext or the encryption context/);
  const tampered = Buffer.from(blob);
  tampered[tampered.length - 1]! ^= 1;
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })), 'KMSInvalidStateException');
  // Data keys and ReEncrypt in both directions.
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob! }))).Plaintext!), Buffer.from(dk.Plaintext!));
  const plainKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: context, DestinationKeyId: plainKey }));
  const back = await kms.send(new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob!, DestinationKeyId: keyId, DestinationEncryptionContext: context }));
  assert.equal(Buffer.from(back.CiphertextBlob!)[0], 0x03);
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob!, EncryptionContext: context }))).Plaintext!), plain);
  // The external key is gone: Trent's own material alone opens nothing. It comes back: all opens again.
  const external = proxy.keys.get('ext-2')!;
  proxy.keys.delete('ext-2');
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context })), 'KMSInvalidStateException', /not found in its external key manager/);
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob! })), 'KMSInvalidStateException');
  await rejects(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plain })), 'KMSInvalidStateException');
  proxy.keys.set('ext-2', external);
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }))).Plaintext!), plain);
  // A v3 blob's header cannot be pointed at an ordinary key, nor an ordinary blob at the XKS key.
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, KeyId: plainKey })), 'IncorrectKeyException');
});

test('proxy down, disabled external key, disconnected store: the AWS CLI sees AWS\'s exceptions', async () => {
  proxy.addKey('ext-3');
  const keyId = (await xksKey('ext-3')).KeyMetadata!.KeyId!;
  const dir = mkdtempSync(join(tmpdir(), 'trent-xks-'));
  put(dir, 'msg.txt', 'hello from the CLI');
  const cli = (s: string) => awsShell(t, s, dir);
  const enc = await cli(`aws kms encrypt --key-id ${keyId} --plaintext fileb://msg.txt --query CiphertextBlob --output text --endpoint-url $EP | base64 -d > msg.enc`);
  assert.equal(enc.code, 0, enc.stderr);
  const decrypt = `aws kms decrypt --ciphertext-blob fileb://msg.enc --query Plaintext --output text --endpoint-url $EP | base64 -d`;
  assert.equal((await cli(decrypt)).stdout, 'hello from the CLI');
  proxy.mode = 'hang';
  assert.match((await cli(decrypt)).stderr, /KMSInvalidStateException.*did not answer in time/);
  proxy.mode = 'ok';
  proxy.keys.get('ext-3')!.enabled = false;
  assert.match((await cli(decrypt)).stderr, /KMSInvalidStateException.*not enabled/);
  proxy.keys.get('ext-3')!.enabled = true;
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  assert.match((await cli(decrypt)).stderr, /KMSInvalidStateException.*not connected/);
  // A key of a disconnected store is Unavailable (AWS's key states), and Enabled again once connected.
  const shown = JSON.parse((await cli(`aws kms describe-key --key-id ${keyId} --query KeyMetadata --endpoint-url $EP`)).stdout);
  assert.equal(shown.KeyState, 'Unavailable');
  assert.equal(shown.Enabled, false);
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  const back = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(back.KeyState, 'Enabled');
  assert.equal(back.Enabled, true);
  await proxy.close();
  assert.match((await cli(decrypt)).stderr, /KMSInvalidStateException.*cannot reach/);
});
