/**
 * Every call is an event: a sequence of calls by several principals (the admin, a user who is
 * denied, an assumed-role session, an unknown access key, a bad signature) read back with
 * `aws cloudtrail lookup-events`, field by field; GetKeyLastUsage; and planted secrets (a plaintext,
 * a data key, a secret access key, session credentials) nowhere in the store, the logs or the events.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GetKeyLastUsageCommand, KMSClient, type ServiceOutputTypes,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { admin, newUser } from './helpers/iam.js';
import { as, byRequest, lookup, type LookedUp } from './helpers/audit.js';

let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent({ env: { TRENT_LOG_LEVEL: 'debug' } }); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rid = (r: ServiceOutputTypes) => r.$metadata.requestId!;
/** The request id of a call that must fail with `name`. */
async function failedWith(p: Promise<unknown>, name: string): Promise<string> {
  let id = '';
  await assert.rejects(p, (e: Error & { $metadata?: { requestId?: string } }) => { assert.equal(e.name, name, e.message); id = e.$metadata?.requestId ?? ''; return true; });
  assert.ok(id, 'the error carries a request id');
  return id;
}

const planted = Buffer.from('AUDIT-PLANTED-PLAINTEXT-5d1e0c2b-never-log-me');
const secrets: { name: string; value: Buffer }[] = [];
let all: LookedUp[] = [];
let allText = '';

test('calls of the admin, a denied user, a role session, an unknown key and a bad signature are events with the right fields', async () => {
  const key = (await kms.send(new CreateKeyCommand({ Description: 'audited' })));
  const arn = key.KeyMetadata!.Arn!;
  const keyId = key.KeyMetadata!.KeyId!;
  const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: planted, EncryptionContext: { Dept: 'Eng' } }));
  const gdk = await kms.send(new GenerateDataKeyCommand({ KeyId: arn, KeySpec: 'AES_256' }));
  secrets.push({ name: 'plaintext', value: planted }, { name: 'data key', value: Buffer.from(gdk.Plaintext!) });

  const dana = await newUser(t, 'dana');
  secrets.push({ name: "dana's secret access key", value: Buffer.from(dana.credentials.secretAccessKey) });
  const danaKms = kmsClient(t, dana.credentials);
  const denied = await failedWith(danaKms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })), 'AccessDeniedException');

  const jo = await newUser(t, 'jo');
  secrets.push({ name: "jo's secret access key", value: Buffer.from(jo.credentials.secretAccessKey) });
  await admin(t, `aws iam put-user-policy --user-name jo --policy-name assume --policy-document '${policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])}' --endpoint-url $EP`);
  await admin(t, `aws iam create-role --role-name enc --assume-role-policy-document '${policy([{ Effect: 'Allow', Principal: { AWS: jo.arn }, Action: 'sts:AssumeRole' }])}' --endpoint-url $EP && aws iam put-role-policy --role-name enc --policy-name e --policy-document '${policy([{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }])}' --endpoint-url $EP`);
  const s = await admin(t, `${as(jo.credentials)} aws sts assume-role --role-arn arn:aws:iam::${t.accountId}:role/enc --role-session-name app --endpoint-url $EP`);
  const session = { accessKeyId: s.Credentials.AccessKeyId, secretAccessKey: s.Credentials.SecretAccessKey, sessionToken: s.Credentials.SessionToken };
  secrets.push({ name: 'session secret', value: Buffer.from(session.secretAccessKey) }, { name: 'session token', value: Buffer.from(session.sessionToken) });
  const roleKms = kmsClient(t, session);
  const roleEnc = rid(await roleKms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('y') })));

  const stranger = new KMSClient({ endpoint: t.endpoint, region: t.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) } });
  const unknown = await failedWith(stranger.send(new EncryptCommand({ KeyId: arn, Plaintext: planted })), 'UnrecognizedClientException');
  const forger = new KMSClient({ endpoint: t.endpoint, region: t.region, maxAttempts: 1, credentials: { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'y'.repeat(40) } });
  const badSig = await failedWith(forger.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob! })), 'InvalidSignatureException');
  for (const c of [danaKms, roleKms, stranger, forger]) c.destroy();

  const read = await lookup(t, '--max-results 50'); // the CLI follows NextToken itself
  all = read.events;
  allText = read.text;

  const e = byRequest(all, rid(enc)).record;
  assert.deepEqual(e.userIdentity, { type: 'IAMUser', principalId: e.userIdentity.principalId, arn: `arn:aws:iam::${t.accountId}:user/admin`, accountId: t.accountId, accessKeyId: t.credentials.accessKeyId, userName: 'admin' });
  assert.match(e.userIdentity.principalId, /^AIDA/);
  assert.equal(e.eventVersion, '1.11');
  assert.match(e.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(e.eventSource, 'kms.amazonaws.com');
  assert.equal(e.eventName, 'Encrypt');
  assert.equal(e.awsRegion, t.region);
  assert.match(e.sourceIPAddress, /127\.0\.0\.1/);
  assert.match(e.userAgent, /aws-sdk-js/);
  assert.deepEqual(e.requestParameters, { keyId, encryptionContext: { Dept: 'Eng' } });
  assert.equal(e.responseElements, null);
  assert.equal(e.readOnly, true);
  assert.deepEqual(e.resources, [{ accountId: t.accountId, type: 'AWS::KMS::Key', ARN: arn }]);
  assert.equal(e.eventType, 'AwsApiCall');
  assert.equal(e.managementEvent, true);
  assert.equal(e.eventCategory, 'Management');
  assert.equal(e.recipientAccountId, t.accountId);
  assert.equal(e.errorCode, undefined);
  const le = byRequest(all, rid(enc));
  assert.equal(le.EventId, e.eventID);
  assert.deepEqual([le.EventName, le.ReadOnly, le.Username, le.AccessKeyId, le.EventSource], ['Encrypt', 'true', 'admin', t.credentials.accessKeyId, 'kms.amazonaws.com']);
  assert.deepEqual(le.Resources, [{ ResourceType: 'AWS::KMS::Key', ResourceName: arn }]);

  const gen = byRequest(all, rid(gdk)).record;
  assert.deepEqual(gen.requestParameters, { keyId: arn, keySpec: 'AES_256' });
  assert.equal(gen.responseElements, null);

  const created = byRequest(all, rid(key)).record;
  assert.equal(created.readOnly, false);
  assert.equal(created.responseElements.keyMetadata.keyId, keyId);
  assert.equal(created.responseElements.keyMetadata.aWSAccountId, t.accountId);
  assert.deepEqual(created.requestParameters, { description: 'audited' });

  const d = byRequest(all, denied).record;
  assert.equal(d.errorCode, 'AccessDeniedException');
  assert.match(d.errorMessage, /user\/dana is not authorized to perform: kms:Encrypt/);
  assert.equal(d.userIdentity.userName, 'dana');
  assert.equal(d.userIdentity.accessKeyId, dana.credentials.accessKeyId);
  assert.deepEqual(d.resources.map((r: { ARN: string }) => r.ARN), [arn]);

  const r = byRequest(all, roleEnc).record;
  assert.equal(r.userIdentity.type, 'AssumedRole');
  assert.equal(r.userIdentity.arn, `arn:aws:sts::${t.accountId}:assumed-role/enc/app`);
  assert.equal(r.userIdentity.accessKeyId, session.accessKeyId);
  assert.equal(r.userIdentity.sessionContext.sessionIssuer.arn, `arn:aws:iam::${t.accountId}:role/enc`);
  assert.equal(r.userIdentity.sessionContext.sessionIssuer.userName, 'enc');
  assert.equal(byRequest(all, roleEnc).Username, 'app');

  const assume = all.find((x) => x.EventName === 'AssumeRole')!.record;
  assert.equal(assume.eventSource, 'sts.amazonaws.com');
  assert.equal(assume.userIdentity.userName, 'jo');
  assert.equal(assume.responseElements, null, 'session credentials are never shown');
  assert.equal(assume.requestParameters.roleSessionName, 'app');

  const keyMade = all.filter((x) => x.EventName === 'CreateAccessKey').map((x) => x.record);
  assert.equal(keyMade.length, 2);
  for (const k of keyMade) {
    assert.equal(k.eventSource, 'iam.amazonaws.com');
    assert.match(k.responseElements.accessKey.accessKeyId, /^AKIA/);
    assert.equal(k.responseElements.accessKey.secretAccessKey, undefined);
  }

  const u = byRequest(all, unknown).record;
  assert.equal(u.errorCode, 'UnrecognizedClientException');
  assert.deepEqual(u.userIdentity, { type: 'Unknown', accessKeyId: 'AKIAUNKNOWN000000000' });
  assert.equal(u.recipientAccountId, t.accountId, "an unknown caller's events go to the deployment's first account");
  assert.equal(u.requestParameters, null, 'nothing of an unauthenticated body is recorded');
  assert.equal(byRequest(all, unknown).AccessKeyId, 'AKIAUNKNOWN000000000');

  const b = byRequest(all, badSig).record;
  assert.equal(b.errorCode, 'InvalidSignatureException');
  assert.equal(b.eventName, 'Decrypt');
  assert.equal(b.userIdentity.accessKeyId, t.credentials.accessKeyId);
});

test('GetKeyLastUsage: the last successful cryptographic use, with its event id and request id', async () => {
  const k = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const keyId = k.KeyId!;
  const fresh = await kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }));
  assert.equal(fresh.KeyLastUsage, undefined);
  assert.equal(fresh.KeyId, k.Arn);
  assert.equal(fresh.TrackingStartDate!.getTime(), k.CreationDate!.getTime(), 'tracking began with the log, before the key: so at its creation');
  const ct = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('a') }))).CiphertextBlob!;
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: ct }));
  await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct, EncryptionContext: { wrong: 'context' } })), { name: 'InvalidCiphertextException' });
  const last = await kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }));
  assert.equal(last.KeyLastUsage?.Operation, 'Decrypt', 'the failed Decrypt after it does not count');
  assert.equal(last.KeyLastUsage?.KmsRequestId, rid(dec));
  const { events } = await lookup(t, '--lookup-attributes AttributeKey=EventName,AttributeValue=Decrypt --max-results 5');
  assert.equal(last.KeyLastUsage?.CloudTrailEventId, byRequest(events, rid(dec)).EventId);
  assert.ok(last.KeyCreationDate! <= last.KeyLastUsage!.Timestamp!);
});

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesBelow(p) : [p];
  });
}

test('planted secrets appear nowhere: not in the store, the logs or the LookupEvents output', async () => {
  assert.ok(secrets.length >= 6 && all.length > 10, 'the first test planted them');
  await t.stop();
  const forms = (s: Buffer) => [s, Buffer.from(s.toString('base64')), Buffer.from(s.toString('hex'))];
  for (const { name, value } of secrets) for (const f of forms(value)) assert.ok(!allText.includes(f.toString()), `lookup-events output holds the ${name}`);
  const files = filesBelow(t.dataDir).filter((f) => !f.endsWith('/credentials'));
  assert.ok(files.some((f) => f.endsWith('trent.db')) && files.includes(t.logFile));
  for (const file of files) {
    const content = readFileSync(file);
    for (const { name, value } of secrets) for (const f of forms(value)) assert.equal(content.indexOf(f), -1, `${file} holds the ${name}`);
  }
});
