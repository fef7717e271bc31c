/** The symmetric half of KMS through @aws-sdk/client-kms against a real Trent process. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand,
  DisableKeyCommand, EnableKeyCommand, EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand, GetKeyPolicyCommand, ListAliasesCommand, ListKeyPoliciesCommand, ListKeysCommand,
  ListResourceTagsCommand, ReEncryptCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand,
  UpdateAliasCommand, UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';

let t: Trent;
let kms: KMSClient;

before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

async function newKey(description = 'test'): Promise<string> {
  const r = await kms.send(new CreateKeyCommand({ Description: description, Tags: [{ TagKey: 'team', TagValue: 'blue' }] }));
  return r.KeyMetadata!.KeyId!;
}

async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('keys', () => {
  test('CreateKey returns full metadata and DescribeKey agrees in every KeyId form', async () => {
    const r = await kms.send(new CreateKeyCommand({ Description: 'orders' }));
    const m = r.KeyMetadata!;
    assert.equal(m.AWSAccountId, t.accountId);
    assert.equal(m.Arn, `arn:aws:kms:${t.region}:${t.accountId}:key/${m.KeyId}`);
    assert.equal(m.KeyState, 'Enabled');
    assert.equal(m.Enabled, true);
    assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(m.Origin, 'AWS_KMS');
    assert.equal(m.KeyManager, 'CUSTOMER');
    assert.deepEqual(m.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.match(m.CurrentKeyMaterialId!, /^[0-9a-f]{64}$/);
    assert.ok(m.CreationDate instanceof Date && Math.abs(m.CreationDate.getTime() - Date.now()) < 60_000);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: m.KeyId }));
    for (const id of [m.KeyId!, m.Arn!, 'alias/orders', `arn:aws:kms:${t.region}:${t.accountId}:alias/orders`]) {
      const d = await kms.send(new DescribeKeyCommand({ KeyId: id }));
      assert.equal(d.KeyMetadata!.KeyId, m.KeyId, id);
      assert.equal(d.KeyMetadata!.Description, 'orders');
    }
  });

  test('unknown keys and aliases are NotFoundException', async () => {
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })), 'NotFoundException', /does not exist/);
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })), 'NotFoundException', /alias\/nope is not found/);
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), 'NotFoundException');
  });

  test('enable, disable, description, deletion scheduling and cancelling', async () => {
    const id = await newKey();
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'renamed' }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.Description, 'renamed');
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), 'DisabledException', /is disabled/);
    await kms.send(new EnableKeyCommand({ KeyId: id }));
    await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }));
    const s = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    assert.equal(s.KeyState, 'PendingDeletion');
    assert.equal(s.PendingWindowInDays, 7);
    const days = (s.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.99 && days <= 7.01, String(days));
    const d = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
    assert.equal(d.KeyState, 'PendingDeletion');
    assert.equal(d.PendingDeletionWindowInDays, 7);
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', /pending deletion/);
    await rejects(kms.send(new EnableKeyCommand({ KeyId: id })), 'KMSInvalidStateException');
    await rejects(kms.send(new ScheduleKeyDeletionCommand({ KeyId: id })), 'KMSInvalidStateException');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: id }));
    const c = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
    assert.equal(c.KeyState, 'Disabled');
    assert.equal(c.DeletionDate, undefined);
    await rejects(kms.send(new CancelKeyDeletionCommand({ KeyId: id })), 'KMSInvalidStateException', /not pending deletion/);
    await rejects(kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 31 })), 'ValidationException');
    await rejects(kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 6 })), 'ValidationException');
  });

  test('ListKeys pages through every key exactly once', async () => {
    const made = new Set<string>();
    for (let i = 0; i < 5; i++) made.add(await newKey());
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const r = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      assert.ok(r.Keys!.length <= 2);
      seen.push(...r.Keys!.map((k) => k.KeyId!));
      marker = r.Truncated ? r.NextMarker : undefined;
      if (r.Truncated) assert.ok(r.NextMarker);
    } while (marker);
    assert.equal(new Set(seen).size, seen.length);
    for (const id of made) assert.ok(seen.includes(id));
  });

  test('tags: add, replace, list, remove, reserved prefix', async () => {
    const id = await newKey();
    await kms.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'red' }] }));
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: id }))).Tags!;
    assert.deepEqual(tags, [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'red' }]);
    await kms.send(new UntagResourceCommand({ KeyId: id, TagKeys: ['env'] }));
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: id }))).Tags, [{ TagKey: 'team', TagValue: 'red' }]);
    await rejects(kms.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })), 'TagException');
  });

  test('key policy: default policy delegates to the account root', async () => {
    const id = await newKey();
    const p = await kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' }));
    const doc = JSON.parse(p.Policy!);
    assert.equal(doc.Statement[0].Principal.AWS, `arn:aws:iam::${t.accountId}:root`);
    assert.equal(doc.Statement[0].Action, 'kms:*');
    assert.deepEqual((await kms.send(new ListKeyPoliciesCommand({ KeyId: id }))).PolicyNames, ['default']);
    const custom = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' }] });
    const k2 = await kms.send(new CreateKeyCommand({ Policy: custom }));
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: k2.KeyMetadata!.KeyId! }))).Policy, custom);
    await rejects(kms.send(new CreateKeyCommand({ Policy: '{not json' })), 'MalformedPolicyDocumentException');
  });
});

describe('aliases', () => {
  test('create, list, update, delete and the reserved prefix', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a }));
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b })), 'AlreadyExistsException');
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/x', TargetKeyId: b })), 'InvalidAliasNameException');
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'noprefix', TargetKeyId: b })), 'ValidationException');
    let list = (await kms.send(new ListAliasesCommand({ KeyId: a }))).Aliases!;
    assert.deepEqual(list.map((x) => [x.AliasName, x.TargetKeyId]), [['alias/app', a]]);
    assert.equal(list[0]!.AliasArn, `arn:aws:kms:${t.region}:${t.accountId}:alias/app`);
    const ct = (await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('hi') }))).CiphertextBlob!;
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b }));
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('hi') }));
    assert.equal(enc.KeyId, `arn:aws:kms:${t.region}:${t.accountId}:key/${b}`);
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'hi');
    list = (await kms.send(new ListAliasesCommand({}))).Aliases!;
    assert.ok(list.some((x) => x.AliasName === 'alias/app' && x.TargetKeyId === b));
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    await rejects(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' })), 'NotFoundException');
    await rejects(kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('hi') })), 'NotFoundException');
  });
});

describe('cryptography', () => {
  test('Encrypt/Decrypt round trip at 1 and 4096 bytes; 4097 is refused', async () => {
    const id = await newKey();
    for (const n of [1, 17, 4096]) {
      const pt = randomBytes(n);
      const e = await kms.send(new EncryptCommand({ KeyId: id, Plaintext: pt }));
      assert.equal(e.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      const d = await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob }));
      assert.deepEqual(Buffer.from(d.Plaintext!), pt);
      assert.equal(d.KeyId, e.KeyId);
    }
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: randomBytes(4097) })), 'ValidationException', /plaintext/);
  });

  test('the encryption context is bound to the ciphertext', async () => {
    const id = await newKey();
    const ctx = { purpose: 'test', 'ключ': 'значение', '\u{1F600}': 'smile', '\uE000': 'pua' };
    const e = await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('bound'), EncryptionContext: ctx }));
    const reordered = Object.fromEntries(Object.entries(ctx).reverse());
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, EncryptionContext: reordered }));
    assert.equal(Buffer.from(d.Plaintext!).toString(), 'bound');
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob })), 'InvalidCiphertextException');
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, EncryptionContext: { ...ctx, purpose: 'other' } })), 'InvalidCiphertextException');
  });

  test('Decrypt with the wrong KeyId is IncorrectKeyException; tampering is InvalidCiphertextException', async () => {
    const a = await newKey();
    const b = await newKey();
    const e = await kms.send(new EncryptCommand({ KeyId: a, Plaintext: Buffer.from('secret') }));
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, KeyId: b })), 'IncorrectKeyException');
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, KeyId: a }))).Plaintext!).toString(), 'secret');
    const bad = Buffer.from(e.CiphertextBlob!);
    bad[bad.length - 1]! ^= 1;
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: bad })), 'InvalidCiphertextException');
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: bad.subarray(0, 40) })), 'InvalidCiphertextException');
  });

  test('GenerateDataKey: the plaintext matches what Decrypt gives back and encrypts data with AES', async () => {
    const id = await newKey();
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256', EncryptionContext: { file: 'a' } }));
    assert.equal(dk.Plaintext!.length, 32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', dk.Plaintext!, iv);
    const data = Buffer.concat([c.update('large data'), c.final()]);
    const tag = c.getAuthTag();
    const again = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { file: 'a' } }));
    const d = createDecipheriv('aes-256-gcm', again.Plaintext!, iv).setAuthTag(tag);
    assert.equal(Buffer.concat([d.update(data), d.final()]).toString(), 'large data');
    assert.equal((await kms.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_128' }))).Plaintext!.length, 16);
    assert.equal((await kms.send(new GenerateDataKeyCommand({ KeyId: id, NumberOfBytes: 1024 }))).Plaintext!.length, 1024);
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: id })), 'ValidationException');
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: id, NumberOfBytes: 1025 })), 'ValidationException');
    const np = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: id, KeySpec: 'AES_256' }));
    assert.equal((np as unknown as Record<string, unknown>).Plaintext, undefined);
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: np.CiphertextBlob }))).Plaintext!.length, 32);
  });

  test('ReEncrypt moves a ciphertext to another key and context without exposing it', async () => {
    const a = await newKey();
    const b = await newKey();
    const e = await kms.send(new EncryptCommand({ KeyId: a, Plaintext: Buffer.from('move me'), EncryptionContext: { v: '1' } }));
    const r = await kms.send(new ReEncryptCommand({ CiphertextBlob: e.CiphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b, DestinationEncryptionContext: { v: '2' } }));
    assert.equal(r.SourceKeyId, e.KeyId);
    assert.match(r.KeyId!, new RegExp(b));
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { v: '2' } }));
    assert.equal(Buffer.from(d.Plaintext!).toString(), 'move me');
    await rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: e.CiphertextBlob, DestinationKeyId: b })), 'InvalidCiphertextException');
  });

  test('GenerateRandom gives distinct bytes of the asked length', async () => {
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 64 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 64 }));
    assert.equal(a.Plaintext!.length, 64);
    assert.notDeepEqual(Buffer.from(a.Plaintext!), Buffer.from(b.Plaintext!));
    await rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), 'ValidationException');
  });

  test('DryRun checks everything and changes nothing', async () => {
    const id = await newKey();
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x'), DryRun: true })), 'DryRunOperationException');
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x'), DryRun: true })), 'DisabledException');
  });
});
