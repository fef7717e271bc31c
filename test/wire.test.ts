/**
 * Response shapes and behaviour on the wire, as AWS KMS answers them: epoch-second timestamps,
 * base64 blobs, headers; Limit/Marker pagination; the deletion window; key states and their
 * exceptions; alias and tag rules; data-key and random-number sizes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeKeyCommand, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';
import { rawCall, type RawResponse } from './helpers/raw.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DAY = 86_400;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe('wire shapes and key behaviour as AWS KMS', () => {
  let t: Trent;

  async function ok(op: string, body: unknown): Promise<any> {
    const r = await rawCall(t, op, body);
    assert.equal(r.status, 200, `${op}: ${r.text}`);
    return r.json;
  }

  async function err(op: string, body: unknown, type: string, message?: RegExp | string): Promise<RawResponse> {
    const r = await rawCall(t, op, body);
    assert.equal(r.json?.__type, type, `${op}: expected ${type}, got ${r.status} ${r.text}`);
    assert.equal(r.status, 400);
    assert.ok(r.headers['x-amzn-requestid']);
    if (typeof message === 'string') assert.equal(r.json.message, message);
    else if (message) assert.match(r.json.message, message);
    return r;
  }

  async function newKey(body: Record<string, unknown> = {}): Promise<{ id: string; arn: string }> {
    const k = (await ok('CreateKey', body)).KeyMetadata;
    return { id: k.KeyId, arn: k.Arn };
  }

  /** An epoch-seconds timestamp near `expected` (seconds), to within `slack` seconds. */
  function isEpochSeconds(v: unknown, expected: number, slack = 120): void {
    assert.equal(typeof v, 'number', `timestamp ${JSON.stringify(v)} is a number`);
    assert.ok(Math.abs((v as number) - expected) <= slack, `timestamp ${v} within ${slack}s of ${expected}`);
  }

  const now = () => Date.now() / 1000;

  before(async () => { t = await startTrent(); });
  after(async () => { await t?.stop(); });

  test('success answers: JSON 1.1 content type, a fresh x-amzn-RequestId, epoch-second timestamps, base64 blobs', async () => {
    const ids = new Set<string>();
    const r = await rawCall(t, 'CreateKey', { Description: 'shapes' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1');
    assert.match(r.headers['x-amzn-requestid'] ?? '', /^[0-9a-f-]{36}$/);
    ids.add(r.headers['x-amzn-requestid']!);
    const m = r.json.KeyMetadata;
    isEpochSeconds(m.CreationDate, now());
    assert.equal(m.Enabled, true);
    assert.equal(m.KeyState, 'Enabled');
    assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(m.Origin, 'AWS_KMS');
    assert.equal(m.KeyManager, 'CUSTOMER');
    assert.equal(m.AWSAccountId, t.accountId);
    assert.equal(m.Arn, `arn:aws:kms:${t.region}:${t.accountId}:key/${m.KeyId}`);
    assert.deepEqual(m.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.equal(m.DeletionDate, undefined);

    const e = await rawCall(t, 'Encrypt', { KeyId: m.KeyId, Plaintext: b64('shape') });
    assert.equal(e.headers['content-type'], 'application/x-amz-json-1.1');
    ids.add(e.headers['x-amzn-requestid']!);
    assert.match(e.json.CiphertextBlob, BASE64);
    assert.equal(e.json.KeyId, m.Arn);
    assert.equal(e.json.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const d = await ok('Decrypt', { CiphertextBlob: e.json.CiphertextBlob });
    assert.match(d.Plaintext, BASE64);
    assert.equal(Buffer.from(d.Plaintext, 'base64').toString(), 'shape');

    for (const [spec, n] of [['AES_256', 32], ['AES_128', 16]] as const) {
      const g = await ok('GenerateDataKey', { KeyId: m.KeyId, KeySpec: spec });
      assert.match(g.Plaintext, BASE64);
      assert.match(g.CiphertextBlob, BASE64);
      assert.equal(Buffer.from(g.Plaintext, 'base64').length, n);
      const back = await ok('Decrypt', { CiphertextBlob: g.CiphertextBlob });
      assert.equal(back.Plaintext, g.Plaintext);
    }
    const g7 = await ok('GenerateDataKey', { KeyId: m.KeyId, NumberOfBytes: 7 });
    assert.equal(Buffer.from(g7.Plaintext, 'base64').length, 7);
    const w = await ok('GenerateDataKeyWithoutPlaintext', { KeyId: m.KeyId, KeySpec: 'AES_256' });
    assert.equal(w.Plaintext, undefined);
    assert.equal(Buffer.from((await ok('Decrypt', { CiphertextBlob: w.CiphertextBlob })).Plaintext, 'base64').length, 32);

    await ok('CreateAlias', { AliasName: 'alias/shapes', TargetKeyId: m.KeyId });
    const a = (await ok('ListAliases', { KeyId: m.KeyId })).Aliases[0];
    assert.equal(a.AliasName, 'alias/shapes');
    assert.equal(a.AliasArn, `arn:aws:kms:${t.region}:${t.accountId}:alias/shapes`);
    assert.equal(a.TargetKeyId, m.KeyId);
    isEpochSeconds(a.CreationDate, now());
    isEpochSeconds(a.LastUpdatedDate, now());
    assert.equal(ids.size, 2, 'each request has its own id');

    // The SDK reads the same timestamps as dates of today (milliseconds would land in the far future).
    const sdk = await kmsClient(t).send(new DescribeKeyCommand({ KeyId: 'alias/shapes' }));
    const created = sdk.KeyMetadata!.CreationDate!;
    assert.ok(created instanceof Date);
    assert.ok(Math.abs(created.getTime() - Date.now()) < 120_000, `CreationDate ${created.toISOString()}`);
  });

  test('ListKeys, ListAliases and ListResourceTags page with Limit and Marker; forged markers are refused', async () => {
    // This test's keys are told apart from other tests' keys by listing everything before and after.
    const before = new Set<string>();
    for await (const p of paginateListKeys({ client: kmsClient(t) }, {})) for (const k of p.Keys ?? []) before.add(k.KeyId!);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) keys.push((await newKey({ Description: `page ${i}` })).id);
    for (let i = 0; i < 5; i++) await ok('CreateAlias', { AliasName: `alias/page-${i}`, TargetKeyId: keys[0] });
    await ok('TagResource', { KeyId: keys[0], Tags: [0, 1, 2, 3, 4].map((i) => ({ TagKey: `k${i}`, TagValue: `v${i}` })) });

    /** Pages through one list operation by 2, checking Truncated and NextMarker on every page. */
    async function pageAll(op: string, extra: Record<string, unknown>, field: string, idOf: (x: any) => string): Promise<string[]> {
      const got: string[] = [];
      let marker: string | undefined;
      for (let n = 0; n < 50; n++) {
        const r = await ok(op, { ...extra, Limit: 2, ...(marker ? { Marker: marker } : {}) });
        assert.ok(r[field].length <= 2, `${op} page of ${r[field].length}`);
        got.push(...r[field].map(idOf));
        assert.equal(typeof r.Truncated, 'boolean');
        if (!r.Truncated) {
          assert.equal(r.NextMarker, undefined, `${op}: no NextMarker on the last page`);
          return got;
        }
        assert.equal(r[field].length, 2, `${op}: a truncated page is full`);
        assert.equal(typeof r.NextMarker, 'string');
        marker = r.NextMarker;
      }
      return assert.fail(`${op} never stopped`);
    }

    const allKeys = await pageAll('ListKeys', {}, 'Keys', (k) => k.KeyId);
    assert.equal(new Set(allKeys).size, allKeys.length, 'no key listed twice');
    assert.deepEqual(allKeys.filter((k) => !before.has(k)).sort(), [...keys].sort(), 'the five new keys, each once');
    assert.equal(allKeys.length, before.size + 5);

    const aliasesOfKey = await pageAll('ListAliases', { KeyId: keys[0] }, 'Aliases', (a) => a.AliasName);
    assert.deepEqual(aliasesOfKey.sort(), [0, 1, 2, 3, 4].map((i) => `alias/page-${i}`));
    const allAliases = await pageAll('ListAliases', {}, 'Aliases', (a) => a.AliasName);
    assert.equal(new Set(allAliases).size, allAliases.length);
    for (let i = 0; i < 5; i++) assert.ok(allAliases.includes(`alias/page-${i}`));

    const tags = await pageAll('ListResourceTags', { KeyId: keys[0] }, 'Tags', (x) => `${x.TagKey}=${x.TagValue}`);
    assert.deepEqual(tags.sort(), [0, 1, 2, 3, 4].map((i) => `k${i}=v${i}`));

    // The SDK's paginators agree.
    const viaSdk: string[] = [];
    for await (const p of paginateListAliases({ client: kmsClient(t), pageSize: 2 }, { KeyId: keys[0] })) viaSdk.push(...(p.Aliases ?? []).map((a) => a.AliasName!));
    assert.deepEqual(viaSdk.sort(), aliasesOfKey);

    // The AWS CLI's own paginators follow Trent's markers to the end.
    const cli = await awsShell(t, `
aws kms list-keys --endpoint-url $EP --page-size 2 --query 'Keys[].KeyId' --output json > cli-keys.json
aws kms list-aliases --endpoint-url $EP --key-id ${keys[0]} --page-size 2 --query 'Aliases[].AliasName' --output json > cli-aliases.json
aws kms describe-key --endpoint-url $EP --key-id ${keys[0]} --query KeyMetadata.CreationDate --output json > cli-created.json
`, t.dataDir);
    assert.equal(cli.code, 0, cli.stderr);
    const cliOut = (name: string) => JSON.parse(readFileSync(join(t.dataDir, name), 'utf8'));
    assert.deepEqual([...cliOut('cli-keys.json')].sort(), [...allKeys].sort());
    assert.deepEqual([...cliOut('cli-aliases.json')].sort(), aliasesOfKey);
    // CLI v1 prints timestamps as the service sent them (cli_timestamp_format "none"): epoch seconds.
    isEpochSeconds(cliOut('cli-created.json'), now(), 300);

    for (const forged of ['forged', 'AAAA', b64('not a marker'), 'x'.repeat(100)]) {
      await err('ListKeys', { Marker: forged }, 'InvalidMarkerException');
      await err('ListAliases', { Marker: forged }, 'InvalidMarkerException');
      await err('ListResourceTags', { KeyId: keys[0], Marker: forged }, 'InvalidMarkerException');
    }
  });

  test('ScheduleKeyDeletion: 6 and 31 days refused, default 30 days, CancelKeyDeletion leaves the key Disabled', async () => {
    const k = await newKey();
    for (const days of [6, 31, 0, 365]) {
      await err('ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: days }, 'ValidationException', /pendingWindowInDays|PendingWindowInDays/);
    }
    assert.equal((await ok('DescribeKey', { KeyId: k.id })).KeyMetadata.KeyState, 'Enabled', 'a refused schedule changes nothing');

    const s = await ok('ScheduleKeyDeletion', { KeyId: k.id });
    assert.equal(s.KeyId, k.arn);
    assert.equal(s.KeyState, 'PendingDeletion');
    assert.equal(s.PendingWindowInDays, 30);
    isEpochSeconds(s.DeletionDate, now() + 30 * DAY);
    const m = (await ok('DescribeKey', { KeyId: k.id })).KeyMetadata;
    assert.equal(m.KeyState, 'PendingDeletion');
    assert.equal(m.Enabled, false);
    assert.equal(m.PendingDeletionWindowInDays, 30);
    isEpochSeconds(m.DeletionDate, now() + 30 * DAY);
    await err('ScheduleKeyDeletion', { KeyId: k.id }, 'KMSInvalidStateException');

    const c = await ok('CancelKeyDeletion', { KeyId: k.id });
    assert.equal(c.KeyId, k.arn);
    const after = (await ok('DescribeKey', { KeyId: k.id })).KeyMetadata;
    assert.equal(after.KeyState, 'Disabled');
    assert.equal(after.Enabled, false);
    assert.equal(after.DeletionDate, undefined);
    assert.equal(after.PendingDeletionWindowInDays, undefined);
    await err('CancelKeyDeletion', { KeyId: k.id }, 'KMSInvalidStateException');

    const seven = await ok('ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    assert.equal(seven.PendingWindowInDays, 7);
    isEpochSeconds(seven.DeletionDate, now() + 7 * DAY);
  });

  test('a disabled key is DisabledException, a key pending deletion is KMSInvalidStateException, with AWS messages', async () => {
    const k = await newKey();
    const blob = (await ok('Encrypt', { KeyId: k.id, Plaintext: b64('state') })).CiphertextBlob;
    await ok('DisableKey', { KeyId: k.id });
    await err('Encrypt', { KeyId: k.id, Plaintext: b64('x') }, 'DisabledException', `${k.arn} is disabled.`);
    await err('Decrypt', { CiphertextBlob: blob }, 'DisabledException', `${k.arn} is disabled.`);
    await err('GenerateDataKey', { KeyId: k.id, KeySpec: 'AES_256' }, 'DisabledException', `${k.arn} is disabled.`);
    assert.equal((await ok('DescribeKey', { KeyId: k.id })).KeyMetadata.KeyState, 'Disabled');
    await ok('EnableKey', { KeyId: k.id });
    assert.equal(Buffer.from((await ok('Decrypt', { CiphertextBlob: blob })).Plaintext, 'base64').toString(), 'state');

    await ok('ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    await err('Encrypt', { KeyId: k.id, Plaintext: b64('x') }, 'KMSInvalidStateException', `${k.arn} is pending deletion.`);
    await err('Decrypt', { CiphertextBlob: blob }, 'KMSInvalidStateException', `${k.arn} is pending deletion.`);
    await err('GenerateDataKeyWithoutPlaintext', { KeyId: k.id, KeySpec: 'AES_128' }, 'KMSInvalidStateException');
    await err('EnableKey', { KeyId: k.id }, 'KMSInvalidStateException');
    await ok('CancelKeyDeletion', { KeyId: k.id });
    await err('Encrypt', { KeyId: k.id, Plaintext: b64('x') }, 'DisabledException');
  });

  test('aliases: a duplicate is AlreadyExistsException, alias/aws/ is reserved', async () => {
    const k = await newKey();
    const other = await newKey();
    await ok('CreateAlias', { AliasName: 'alias/dup', TargetKeyId: k.id });
    await err('CreateAlias', { AliasName: 'alias/dup', TargetKeyId: other.id }, 'AlreadyExistsException', new RegExp(`arn:aws:kms:${t.region}:${t.accountId}:alias/dup`));
    assert.equal((await ok('DescribeKey', { KeyId: 'alias/dup' })).KeyMetadata.KeyId, k.id, 'the alias still names the first key');
    await err('CreateAlias', { AliasName: 'alias/aws/x', TargetKeyId: k.id }, 'InvalidAliasNameException', /alias\/aws\//);
    await err('DescribeKey', { KeyId: 'alias/aws/x' }, 'NotFoundException');
  });

  test('tags: keys beginning with aws: are TagException', async () => {
    await err('CreateKey', { Tags: [{ TagKey: 'aws:owner', TagValue: 'me' }] }, 'TagException', /aws:/);
    const k = await newKey({ Tags: [{ TagKey: 'owner', TagValue: 'me' }] });
    await err('TagResource', { KeyId: k.id, Tags: [{ TagKey: 'aws:createdBy', TagValue: 'x' }] }, 'TagException', /aws:/);
    assert.deepEqual((await ok('ListResourceTags', { KeyId: k.id })).Tags, [{ TagKey: 'owner', TagValue: 'me' }]);
  });

  test('GenerateDataKey needs exactly one of KeySpec and NumberOfBytes', async () => {
    const k = await newKey();
    await err('GenerateDataKey', { KeyId: k.id, KeySpec: 'AES_256', NumberOfBytes: 32 }, 'ValidationException');
    await err('GenerateDataKey', { KeyId: k.id }, 'ValidationException');
    await err('GenerateDataKeyWithoutPlaintext', { KeyId: k.id, KeySpec: 'AES_128', NumberOfBytes: 16 }, 'ValidationException');
  });

  test('GenerateRandom: 1 and 1024 bytes, 1025 refused', async () => {
    const one = await ok('GenerateRandom', { NumberOfBytes: 1 });
    assert.match(one.Plaintext, BASE64);
    assert.equal(Buffer.from(one.Plaintext, 'base64').length, 1);
    const a = Buffer.from((await ok('GenerateRandom', { NumberOfBytes: 1024 })).Plaintext, 'base64');
    const b = Buffer.from((await ok('GenerateRandom', { NumberOfBytes: 1024 })).Plaintext, 'base64');
    assert.equal(a.length, 1024);
    assert.equal(b.length, 1024);
    assert.notDeepEqual(a, b);
    assert.ok(new Set(a).size > 200, 'looks random');
    await err('GenerateRandom', { NumberOfBytes: 1025 }, 'ValidationException', /'numberOfBytes'.*1024/);
  });
});
