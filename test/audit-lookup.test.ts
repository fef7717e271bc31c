/**
 * LookupEvents as the AWS CLI drives it: every lookup attribute, a time range, pagination (by the
 * CLI and by hand), CloudTrail's exceptions, `cloudtrail:LookupEvents` decided by identity policy,
 * each account seeing only its own events, and each Region only the events that happened in it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTrent, TRENT_BIN, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { admin, newUser } from './helpers/iam.js';
import { as, byRequest, lookup, lookupCli } from './helpers/audit.js';
import { rawCall } from './helpers/raw.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
let t: Trent;
let kms: KMSClient;
let keyArn: string;
let otherArn: string;
let reader: Awaited<ReturnType<typeof newUser>>;
let away: { accountId: string; creds: { accessKeyId: string; secretAccessKey: string } };
let boundary: number;
let awayRequest: string;

before(async () => {
  t = await startTrent();
  kms = kmsClient(t);
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  otherArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  for (let i = 0; i < 5; i++) await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from(`a${i}`) }));
  reader = await newUser(t, 'reader');
  await admin(t, `aws iam put-user-policy --user-name reader --policy-name audit --policy-document '${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] })}' --endpoint-url $EP`);
  // A clean boundary in whole seconds, as the CLI sends times.
  await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
  boundary = Math.floor(Date.now() / 1000);
  await new Promise((r) => setTimeout(r, 50));
  await kms.send(new DescribeKeyCommand({ KeyId: otherArn }));
  await kms.send(new EncryptCommand({ KeyId: otherArn, Plaintext: Buffer.from('b') }));
  const r = spawnSync(process.execPath, [TRENT_BIN, 'account', 'create', '--data-dir', t.dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  away = { accountId: o.AccountId, creds: { accessKeyId: o.AccessKeyId, secretAccessKey: o.SecretAccessKey } };
  const awayKms = kmsClient(t, away.creds);
  const k = await awayKms.send(new CreateKeyCommand({ Description: 'away' }));
  awayRequest = k.$metadata.requestId!;
  awayKms.destroy();
});
after(async () => { kms?.destroy(); await t?.stop(); });

test('each lookup attribute selects exactly its events', async () => {
  const { events: everything } = await lookup(t);
  const enc = everything.filter((e) => e.EventName === 'Encrypt');
  assert.equal(enc.length, 6);
  const cases: [string, string, (e: (typeof everything)[number]) => boolean][] = [
    ['EventId', enc[2]!.EventId, (e) => e.EventId === enc[2]!.EventId],
    ['EventName', 'Encrypt', (e) => e.EventName === 'Encrypt'],
    ['ReadOnly', 'false', (e) => e.record.readOnly === false],
    ['ReadOnly', 'true', (e) => e.record.readOnly === true],
    ['Username', 'admin', (e) => e.Username === 'admin'],
    ['ResourceType', 'AWS::KMS::Key', (e) => e.record.resources.length > 0],
    ['ResourceName', keyArn, (e) => e.record.resources.some((r: { ARN: string }) => r.ARN === keyArn)],
    ['EventSource', 'iam.amazonaws.com', (e) => e.EventSource === 'iam.amazonaws.com'],
    ['AccessKeyId', t.credentials.accessKeyId, (e) => e.AccessKeyId === t.credentials.accessKeyId],
  ];
  for (const [key, value, expect] of cases) {
    // Events that existed at the first read; lookups made since then are events too, so compare within that set.
    const ids = new Set(everything.map((e) => e.EventId));
    const { events } = await lookup(t, `--lookup-attributes AttributeKey=${key},AttributeValue=${value}`);
    const got = events.filter((e) => ids.has(e.EventId)).map((e) => e.EventId);
    const want = everything.filter(expect).map((e) => e.EventId);
    assert.ok(want.length > 0, `${key}=${value} has events to find`);
    assert.deepEqual(got, want, `${key}=${value}`);
  }
  assert.equal((await lookup(t, `--lookup-attributes AttributeKey=ResourceName,AttributeValue=${keyArn.toUpperCase()}`)).events.length, 0, 'resource names match exactly');
});

test('time range, newest first, and pagination by the CLI and by NextToken', async () => {
  const { events: after } = await lookup(t, `--start-time ${boundary} --lookup-attributes AttributeKey=EventName,AttributeValue=Encrypt`);
  assert.deepEqual(after.map((e) => e.Resources[0]!.ResourceName), [otherArn]);
  const { events: before } = await lookup(t, `--end-time ${boundary} --lookup-attributes AttributeKey=EventName,AttributeValue=Encrypt`);
  assert.equal(before.length, 5);
  assert.ok(before.every((e) => e.EventTime <= boundary && e.Resources[0]!.ResourceName === keyArn));
  const { events: whole } = await lookup(t, '--lookup-attributes AttributeKey=ReadOnly,AttributeValue=false --max-results 50');
  const { events: paged } = await lookup(t, '--lookup-attributes AttributeKey=ReadOnly,AttributeValue=false --page-size 2');
  assert.ok(whole.length > 4);
  assert.deepEqual(paged.map((e) => e.EventId), whole.map((e) => e.EventId), 'the CLI followed NextToken through pages of 2');
  const one = await lookup(t, '--lookup-attributes AttributeKey=ReadOnly,AttributeValue=false --max-results 2');
  assert.equal(one.events.length, 2);
  assert.ok(one.nextToken, 'a page that is not the last names the next');
  for (let i = 1; i < whole.length; i++) assert.ok(whole[i - 1]!.EventTime >= whole[i]!.EventTime, 'newest first');
  const body = { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }], MaxResults: 2 };
  const first = await rawCall(t, '', body, { target: TARGET, service: 'cloudtrail' });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.Events.length, 2);
  const second = await rawCall(t, '', { ...body, NextToken: first.json.NextToken }, { target: TARGET, service: 'cloudtrail' });
  assert.deepEqual(second.json.Events.map((e: { EventId: string }) => e.EventId), whole.slice(2, 4).map((e) => e.EventId));
  const moved = await rawCall(t, '', { ...body, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }], NextToken: first.json.NextToken }, { target: TARGET, service: 'cloudtrail' });
  assert.deepEqual([moved.status, moved.json.__type], [400, 'InvalidNextTokenException'], 'a token from another query is refused');
});

test("CloudTrail's exceptions, with HTTP 400 and __type", async () => {
  const cases: [unknown, string][] = [
    [{ MaxResults: 0 }, 'InvalidMaxResultsException'],
    [{ MaxResults: 51 }, 'InvalidMaxResultsException'],
    [{ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] }, 'InvalidLookupAttributesException'],
    [{ LookupAttributes: [{ AttributeKey: 'Colour', AttributeValue: 'a' }] }, 'InvalidLookupAttributesException'],
    [{ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] }, 'InvalidLookupAttributesException'],
    [{ StartTime: 2_000_000_000, EndTime: 1_000_000_000 }, 'InvalidTimeRangeException'],
    [{ NextToken: 'not-a-token' }, 'InvalidNextTokenException'],
    [{ EventCategory: 'data' }, 'InvalidEventCategoryException'],
    ['{not json', 'SerializationException'],
  ];
  for (const [body, name] of cases) {
    const r = await rawCall(t, '', body, { target: TARGET, service: 'cloudtrail' });
    assert.deepEqual([r.status, r.json?.__type], [400, name], `${JSON.stringify(body)}: ${r.text}`);
  }
  const wrongScope = await rawCall(t, '', {}, { target: TARGET, service: 'kms' });
  assert.deepEqual([wrongScope.status, wrongScope.json.__type], [400, 'InvalidSignatureException']);
  const insight = await rawCall(t, '', { EventCategory: 'insight' }, { target: TARGET, service: 'cloudtrail' });
  assert.deepEqual(insight.json.Events, []);
});

test('cloudtrail:LookupEvents is decided by identity policy: a user without it is denied, one with it reads', async () => {
  const nobody = await newUser(t, 'nobody');
  const r = await lookupCli(t, '--max-results 1', as(nobody.credentials));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /AccessDeniedException.*user\/nobody is not authorized to perform: cloudtrail:LookupEvents/s);
  const { events } = await lookup(t, '--lookup-attributes AttributeKey=Username,AttributeValue=nobody', as(reader.credentials));
  assert.ok(events.some((e) => e.EventName === 'LookupEvents' && e.record.errorCode === 'AccessDeniedException'), 'the denied lookup is itself an event');
});

test("another account's events are invisible, both ways", async () => {
  const mine = await lookup(t, '--max-results 50');
  assert.ok(mine.events.every((e) => e.record.recipientAccountId === t.accountId));
  assert.ok(!mine.events.some((e) => e.record.requestID === awayRequest));
  const theirs = await lookup(t, '--max-results 50', as(away.creds));
  assert.ok(theirs.events.some((e) => e.record.requestID === awayRequest));
  assert.ok(theirs.events.every((e) => e.record.recipientAccountId === away.accountId));
  const byArn = await lookup(t, `--lookup-attributes AttributeKey=ResourceName,AttributeValue=${keyArn}`, as(away.creds));
  assert.equal(byArn.events.length, 0);
});

test('the audit metrics count group commits', async () => {
  const text = await (await fetch(`${t.endpoint}/metrics`)).text();
  const count = Number(/^trent_audit_commit_batch_size_count (\d+)/m.exec(text)?.[1]);
  const events = Number(/^trent_audit_commit_batch_size_sum (\d+)/m.exec(text)?.[1]);
  assert.ok(count > 0 && events >= count, `commits ${count}, events ${events}`);
  assert.match(text, /^trent_audit_queue_depth \d+/m);
  assert.match(text, /^trent_audit_commit_duration_seconds_count\{outcome="ok"\} \d+/m);
});

test("each Region's event history holds only its own events (CloudTrail is per Region), and a NextToken is good only where it was given", async () => {
  const two = await startTrent({ env: { TRENT_REGIONS: 'us-east-1,eu-west-1' } });
  try {
    const east = kmsClient(two, two.credentials, 'us-east-1'), west = kmsClient(two, two.credentials, 'eu-west-1');
    const eastKey = (await east.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const westKey = (await west.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    // an encryption context that spells the other Region's name where a text match would look for it
    const spoof = await east.send(new EncryptCommand({ KeyId: eastKey, Plaintext: Buffer.from('e'), EncryptionContext: { awsRegion: 'eu-west-1', sourceIPAddress: '127.0.0.1' } }));
    for (let i = 0; i < 3; i++) await west.send(new EncryptCommand({ KeyId: westKey, Plaintext: Buffer.from(`w${i}`) }));
    east.destroy(); west.destroy();
    const inEast = await lookup(two, '--region us-east-1 --max-results 50');
    const inWest = await lookup(two, '--region eu-west-1 --max-results 50');
    assert.ok(inEast.events.length >= 2 && inEast.events.every((e) => e.record.awsRegion === 'us-east-1'), 'us-east-1 shows only its events');
    assert.ok(inWest.events.length >= 4 && inWest.events.every((e) => e.record.awsRegion === 'eu-west-1'), 'eu-west-1 shows only its events');
    byRequest(inEast.events, spoof.$metadata.requestId);
    assert.ok(!inWest.events.some((e) => e.record.requestID === spoof.$metadata.requestId), 'an encryption context naming a Region does not move an event there');
    assert.equal(inWest.events.filter((e) => e.EventName === 'Encrypt').length, 3);
    const byKey = await lookup(two, `--region us-east-1 --lookup-attributes AttributeKey=ResourceName,AttributeValue=${westKey}`);
    assert.equal(byKey.events.length, 0, "a key of eu-west-1 has no events in us-east-1's history");
    const body = { MaxResults: 1 };
    const first = await rawCall({ ...two, region: 'eu-west-1' }, '', body, { target: TARGET, service: 'cloudtrail' });
    assert.equal(first.status, 200, first.text);
    const elsewhere = await rawCall({ ...two, region: 'us-east-1' }, '', { ...body, NextToken: first.json.NextToken }, { target: TARGET, service: 'cloudtrail' });
    assert.deepEqual([elsewhere.status, elsewhere.json.__type], [400, 'InvalidNextTokenException']);
  } finally { await two.stop(); }
});

test("a call on another account's key is recorded in both accounts, tied by one sharedEventID; the owner's GetKeyLastUsage sees it", async () => {
  const { GetKeyLastUsageCommand } = await import('@aws-sdk/client-kms');
  const shared = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${away.accountId}:root` }, Action: 'kms:Encrypt', Resource: '*' },
  ] }) }))).KeyMetadata!.Arn!;
  const awayKms = kmsClient(t, away.creds);
  const used = (await awayKms.send(new EncryptCommand({ KeyId: shared, Plaintext: Buffer.from('x') }))).$metadata.requestId!;
  let denied = '';
  await assert.rejects(awayKms.send(new DescribeKeyCommand({ KeyId: shared })), (e: Error & { $metadata?: { requestId?: string } }) => { denied = e.$metadata?.requestId ?? ''; return e.name === 'AccessDeniedException'; });
  awayKms.destroy();
  const own = (await kms.send(new EncryptCommand({ KeyId: shared, Plaintext: Buffer.from('y') }))).$metadata.requestId!;
  const home = (await lookup(t, `--lookup-attributes AttributeKey=ResourceName,AttributeValue=${shared}`)).events;
  const theirs = (await lookup(t, `--lookup-attributes AttributeKey=ResourceName,AttributeValue=${shared}`, as(away.creds))).events;
  for (const id of [used, denied]) {
    const mine = byRequest(home, id), copy = byRequest(theirs, id);
    assert.equal(mine.record.recipientAccountId, t.accountId, "the key owner's copy belongs to the owner");
    assert.equal(mine.record.userIdentity.accountId, away.accountId, 'and names the caller');
    assert.equal(copy.record.recipientAccountId, away.accountId);
    assert.match(mine.record.sharedEventID, /^[0-9a-f-]{36}$/);
    assert.equal(mine.record.sharedEventID, copy.record.sharedEventID, 'one sharedEventID for both copies');
    assert.notEqual(mine.EventId, copy.EventId, 'each copy has its own eventID');
  }
  assert.equal(byRequest(home, denied).record.errorCode, 'AccessDeniedException');
  assert.equal(byRequest(home, own).record.sharedEventID, undefined, 'a call on a key of its own account has no sharedEventID');
  assert.ok(!theirs.some((e) => e.record.requestID === own), "the owner's own calls stay out of the other account's log");
  const last = await kms.send(new GetKeyLastUsageCommand({ KeyId: shared }));
  assert.equal(last.KeyLastUsage?.KmsRequestId, own);
  const awayAgain = kmsClient(t, away.creds);
  const later = (await awayAgain.send(new EncryptCommand({ KeyId: shared, Plaintext: Buffer.from('z') }))).$metadata.requestId!;
  awayAgain.destroy();
  assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: shared }))).KeyLastUsage?.KmsRequestId, later, "another account's use is the key's last use");
});
