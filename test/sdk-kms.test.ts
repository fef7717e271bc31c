/** KMS keyrings against a real Trent server: strict and discovery keyrings, several keys, aliases, the official SDK, and the CLI. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateAliasCommand, CreateKeyCommand, KMS, type KMSClient } from '@aws-sdk/client-kms';
import * as peer from '@aws-crypto/client-node';
import { decrypt, encrypt, KmsDiscoveryKeyring, KmsKeyring, SdkError, type KmsClientProvider } from '@trent/sdk';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

let trent: Trent;
let kms: KMSClient;
let provider: KmsClientProvider;
const keys: { id: string; arn: string }[] = [];

before(async () => {
  trent = await startTrent();
  kms = kmsClient(trent);
  provider = () => kms;
  for (let i = 0; i < 2; i++) {
    const r = await kms.send(new CreateKeyCommand({ Description: `sdk test key ${i}` }));
    keys.push({ id: r.KeyMetadata!.KeyId!, arn: r.KeyMetadata!.Arn! });
  }
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/sdk-test', TargetKeyId: keys[0]!.id }));
});
after(async () => { kms?.destroy(); await trent?.stop(); });

test('two KMS keys → two aws-kms EDKs naming the key ARNs; each key alone decrypts (by key id and by ARN)', async () => {
  const pt = randomBytes(10_000);
  const ec = { tenant: 'acme', 'ключ': 'значение' };
  const { result, messageHeader } = await encrypt(new KmsKeyring({ keyIds: [keys[0]!.arn, keys[1]!.id], clientProvider: provider }), pt, { encryptionContext: ec });
  assert.deepEqual(messageHeader.encryptedDataKeys.map((k) => [k.providerId, k.providerInfo.toString()]), [['aws-kms', keys[0]!.arn], ['aws-kms', keys[1]!.arn]]);
  for (const k of [keys[0]!.id, keys[1]!.arn]) {
    assert.deepEqual((await decrypt(new KmsKeyring({ keyIds: [k], clientProvider: provider }), result)).plaintext, pt, `decrypt with ${k}`);
  }
});

test('aliases encrypt and decrypt; a key not in the message is not tried', async () => {
  const msg = (await encrypt(new KmsKeyring({ keyIds: ['alias/sdk-test'], clientProvider: provider }), 'via alias')).result;
  assert.equal((await decrypt(new KmsKeyring({ keyIds: ['alias/sdk-test'], clientProvider: provider }), msg)).plaintext.toString(), 'via alias');
  await assert.rejects(decrypt(new KmsKeyring({ keyIds: [keys[1]!.arn], clientProvider: provider }), msg), (e: SdkError) => e.code === 'NoDecryptableKey');
});

test('discovery keyring: any key, account/partition filters, and no encryption', async () => {
  const pt = Buffer.from('discover me');
  const msg = (await encrypt(new KmsKeyring({ keyIds: [keys[1]!.id], clientProvider: provider }), pt)).result;
  assert.deepEqual((await decrypt(new KmsDiscoveryKeyring({ clientProvider: provider }), msg)).plaintext, pt);
  const mine = new KmsDiscoveryKeyring({ clientProvider: provider, discoveryFilter: { accountIds: [trent.accountId], partition: 'aws' } });
  assert.deepEqual((await decrypt(mine, msg)).plaintext, pt);
  for (const filter of [{ accountIds: ['000000000000'], partition: 'aws' }, { accountIds: [trent.accountId], partition: 'aws-cn' }]) {
    await assert.rejects(decrypt(new KmsDiscoveryKeyring({ clientProvider: provider, discoveryFilter: filter }), msg), (e: SdkError) => e.code === 'NoDecryptableKey');
  }
  await assert.rejects(encrypt(new KmsDiscoveryKeyring({ clientProvider: provider }), 'x'), /only decrypt/);
});

test('the encryption context reaches KMS: an EDK moved to a message with another context does not unwrap', async () => {
  const ring = new KmsKeyring({ keyIds: [keys[0]!.arn], clientProvider: provider });
  const a = await encrypt(ring, 'a', { encryptionContext: { who: 'a' } });
  const b = await encrypt(ring, 'b', { encryptionContext: { who: 'b' } });
  const hb = b.messageHeader;
  const spliced = Buffer.from(b.result);
  const edkA = a.messageHeader.encryptedDataKeys[0]!.ciphertext, edkB = hb.encryptedDataKeys[0]!.ciphertext;
  assert.equal(edkA.length, edkB.length);
  edkA.copy(spliced, spliced.indexOf(edkB));
  await assert.rejects(decrypt(ring, spliced), (e: SdkError) => e.code === 'NoDecryptableKey' && /InvalidCiphertext/.test(e.message));
});

test('the official SDK\'s KMS keyring and Trent\'s interoperate through a Trent server', async () => {
  // the official keyring calls method-style clients (v2 style), which the aggregated v3 KMS class offers
  const aggregated = new KMS({ endpoint: trent.endpoint, region: trent.region, credentials: trent.credentials, maxAttempts: 1 });
  const clientProvider = () => aggregated as never;
  const theirs = new peer.KmsKeyringNode({ generatorKeyId: keys[0]!.arn, keyIds: [keys[1]!.arn], clientProvider });
  const client = peer.buildClient(peer.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const pt = randomBytes(5000);
  const fromPeer = await client.encrypt(theirs, pt, { encryptionContext: { via: 'peer' } });
  assert.deepEqual((await decrypt(new KmsKeyring({ keyIds: [keys[1]!.arn], clientProvider: provider }), fromPeer.result)).plaintext, pt);
  const ours = await encrypt(new KmsKeyring({ keyIds: [keys[0]!.arn, keys[1]!.arn], clientProvider: provider }), pt, { encryptionContext: { via: 'trent' } });
  assert.deepEqual(Buffer.from((await client.decrypt(theirs, ours.result)).plaintext), pt);
});

test('CLI: trent encrypt --wrapping-keys key=<id> --endpoint-url …, then trent decrypt (strict and discovery)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-sdk-kms-'));
  const pt = randomBytes(70_000);
  writeFileSync(join(dir, 'in.bin'), pt);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: trent.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: trent.credentials.secretAccessKey, AWS_REGION: trent.region, AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
  const bin = fileURLToPath(new URL('../../packages/cli/bin/trent.js', import.meta.url));
  const run = (args: string[], extraEnv: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  };
  const enc = run(['encrypt', '-i', join(dir, 'in.bin'), '-o', join(dir, 'in.enc'), '--wrapping-keys', `key=${keys[0]!.id}`, `key=alias/sdk-test`, '--endpoint-url', trent.endpoint, '-c', 'app=cli', '--metadata-output', join(dir, 'meta.json')]);
  assert.equal(enc.status, 0, enc.stderr);
  assert.match(readFileSync(join(dir, 'meta.json'), 'utf8'), new RegExp(keys[0]!.arn));
  const dec = run(['decrypt', '-i', join(dir, 'in.enc'), '-o', join(dir, 'out.bin'), '--wrapping-keys', `key=${keys[0]!.arn}`, '--endpoint-url', trent.endpoint, '-S']);
  assert.equal(dec.status, 0, dec.stderr);
  assert.deepEqual(readFileSync(join(dir, 'out.bin')), pt);
  const disc = run(['decrypt', '-i', join(dir, 'in.enc'), '-o', '-', '--wrapping-keys', 'discovery=true', `discovery-account=${trent.accountId}`, '-S', '--buffer'], { AWS_ENDPOINT_URL: trent.endpoint });
  assert.equal(disc.status, 0, disc.stderr);
  assert.deepEqual(disc.stdout, pt, 'discovery decrypt to stdout');
  const badCreds = run(['decrypt', '-i', join(dir, 'in.enc'), '-o', join(dir, 'nope.bin'), '--wrapping-keys', 'discovery=true', '--endpoint-url', trent.endpoint, '-S'], { AWS_SECRET_ACCESS_KEY: 'wrong' + trent.credentials.secretAccessKey.slice(5) });
  assert.equal(badCreds.status, 1);
  assert.ok(!badCreds.stderr.includes(trent.credentials.secretAccessKey.slice(5)), 'no secret in the error');
});
