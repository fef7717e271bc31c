/** Who may do what: key policies, IAM policies (users, groups, roles), grants and STS sessions, evaluated for real. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, GetKeyPolicyCommand, KMSClient,
  ListGrantsCommand, ListRetirableGrantsCommand, PutKeyPolicyCommand, RetireGrantCommand, RevokeGrantCommand,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { admin, newUser } from './helpers/iam.js';

let t: Trent;
let root: KMSClient;
let keyId: string;
let keyArn: string;
before(async () => {
  t = await startTrent();
  root = kmsClient(t);
  const k = await root.send(new CreateKeyCommand({ Description: 'shared' }));
  keyId = k.KeyMetadata!.KeyId!;
  keyArn = k.KeyMetadata!.Arn!;
});
after(async () => { root?.destroy(); await t?.stop(); });

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function denied(p: Promise<unknown>, ...parts: string[]): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, 'AccessDeniedException', `${e.name}: ${e.message}`);
    for (const s of parts) assert.ok(e.message.includes(s), `"${e.message}" lacks "${s}"`);
    return true;
  });
}

describe('IAM identity policies', () => {
  test('a user with no policy is denied; a user policy with an encryption-context condition allows exactly that', async () => {
    const bob = await newUser(t, 'bob');
    const kms = kmsClient(t, bob.credentials);
    await denied(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), bob.arn, 'kms:Encrypt', keyArn, 'no identity-based policy allows');
    const doc = policy([{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:EncryptionContext:dept': 'eng' } } }]);
    await admin(t, `aws iam put-user-policy --user-name bob --policy-name enc --policy-document '${doc}' --endpoint-url $EP`);
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { dept: 'eng' } }));
    await denied(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { dept: 'ops' } })), 'kms:Encrypt');
    await denied(kms.send(new DecryptCommand({ CiphertextBlob: (await root.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('y') }))).CiphertextBlob })), 'kms:Decrypt');
    const got = await admin(t, 'aws iam get-user-policy --user-name bob --policy-name enc --endpoint-url $EP');
    assert.deepEqual(got.PolicyDocument, JSON.parse(doc));
    kms.destroy();
  });

  test('a group policy applies to its members, and stops applying when they leave', async () => {
    const carol = await newUser(t, 'carol');
    const kms = kmsClient(t, carol.credentials);
    const ct = (await root.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('grp') }))).CiphertextBlob;
    await admin(t, `aws iam create-group --group-name readers --endpoint-url $EP && aws iam add-user-to-group --group-name readers --user-name carol --endpoint-url $EP && aws iam put-group-policy --group-name readers --policy-name dec --policy-document '${policy([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }])}' --endpoint-url $EP`);
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'grp');
    await admin(t, 'aws iam remove-user-from-group --group-name readers --user-name carol --endpoint-url $EP');
    await denied(kms.send(new DecryptCommand({ CiphertextBlob: ct })), 'kms:Decrypt');
    kms.destroy();
  });

  test('an explicit deny in the key policy wins over an IAM allow', async () => {
    const dave = await newUser(t, 'dave');
    await admin(t, `aws iam put-user-policy --user-name dave --policy-name all --policy-document '${policy([{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }])}' --endpoint-url $EP`);
    const k = await root.send(new CreateKeyCommand({ Policy: policy([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: dave.arn }, Action: 'kms:Encrypt', Resource: '*' },
    ]) }));
    const kms = kmsClient(t, dave.credentials);
    await denied(kms.send(new EncryptCommand({ KeyId: k.KeyMetadata!.KeyId!, Plaintext: Buffer.from('x') })), 'explicit deny in a resource-based policy');
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    kms.destroy();
  });

  test('a deactivated access key stops working at once', async () => {
    const erin = await newUser(t, 'erin');
    const kms = kmsClient(t, erin.credentials);
    await denied(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })));
    await admin(t, `aws iam update-access-key --user-name erin --access-key-id ${erin.credentials.accessKeyId} --status Inactive --endpoint-url $EP`);
    await assert.rejects(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), { name: 'UnrecognizedClientException' });
    kms.destroy();
  });
});

describe('key policies', () => {
  test('the seed: put-key-policy from a file gives a user kms:*; the lockout check refuses a policy that locks the caller out', async () => {
    const frank = await newUser(t, 'frank');
    await admin(t, `aws iam create-role --role-name root --assume-role-policy-document '${policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'sts:AssumeRole' }])}' --endpoint-url $EP`);
    const k = (await root.send(new CreateKeyCommand({}))).KeyMetadata!;
    const seedPolicy = policy([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:role/root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:user/frank` }, Action: ['kms:*'], Resource: '*' },
    ]);
    const kms = kmsClient(t, frank.credentials);
    await denied(kms.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: Buffer.from('x') })));
    // The admin is not named in the new policy: without the bypass flag the lockout check refuses it.
    await assert.rejects(root.send(new PutKeyPolicyCommand({ KeyId: k.KeyId!, PolicyName: 'default', Policy: seedPolicy })), { name: 'MalformedPolicyDocumentException' });
    await admin(t, `echo '${seedPolicy}' > key-policy.json && aws kms put-key-policy --policy file://key-policy.json --policy-name default --key-id ${k.KeyId} --bypass-policy-lockout-safety-check --endpoint-url $EP`);
    await kms.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: Buffer.from('x') }));
    await denied(root.send(new GetKeyPolicyCommand({ KeyId: k.KeyId! })), 'kms:GetKeyPolicy');
    kms.destroy();
  });

  test('malformed policies and unknown principals are MalformedPolicyDocumentException', async () => {
    for (const bad of ['{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*","Action":"kms:*","Resource":"*"}]}',
      policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:user/nobody` }, Action: 'kms:*', Resource: '*' }]),
      policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*', Bogus: 1 }])]) {
      await assert.rejects(root.send(new CreateKeyCommand({ Policy: bad })), { name: 'MalformedPolicyDocumentException' });
    }
  });
});

describe('grants (seed 002)', () => {
  test('create-grant lets a user with no permissions decrypt with the grant token; revoke takes it away', async () => {
    const gina = await newUser(t, 'gina');
    const ct = (await root.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('granted') }))).CiphertextBlob!;
    const g = await admin(t, `aws kms create-grant --key-id ${keyId} --grantee-principal ${gina.arn} --operations Decrypt --endpoint-url $EP`);
    assert.match(g.GrantId, /^[0-9a-f]{64}$/);
    const kms = kmsClient(t, gina.credentials);
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: ct, KeyId: keyId, GrantTokens: [g.GrantToken] }));
    assert.equal(Buffer.from(d.Plaintext!).toString(), 'granted');
    await denied(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'kms:Encrypt');
    const list = await root.send(new ListGrantsCommand({ KeyId: keyId }));
    assert.ok(list.Grants!.some((x) => x.GrantId === g.GrantId && x.GranteePrincipal === gina.arn && x.Operations!.includes('Decrypt')));
    await root.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: g.GrantId }));
    await denied(kms.send(new DecryptCommand({ CiphertextBlob: ct })), 'kms:Decrypt');
    await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: ct, GrantTokens: ['not-a-token'] })), { name: 'InvalidGrantTokenException' });
    kms.destroy();
  });

  test('constraints, CreateGrant by a grantee (subset only), retiring by the retiring principal', async () => {
    const hal = await newUser(t, 'hal');
    const ivy = await newUser(t, 'ivy');
    const g = await root.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: hal.arn, RetiringPrincipal: ivy.arn, Operations: ['Encrypt', 'Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { app: 'pay' } } }));
    const kms = kmsClient(t, hal.credentials);
    await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'pay', extra: '1' } }));
    await denied(kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'web' } })));
    await kms.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: ivy.arn, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { app: 'pay' } } }));
    await denied(kms.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: ivy.arn, Operations: ['Decrypt'] })));
    await denied(kms.send(new CreateGrantCommand({ KeyId: keyArn, GranteePrincipal: ivy.arn, Operations: ['Decrypt', 'ReEncryptFrom'] })));
    const ivyKms = kmsClient(t, ivy.credentials);
    await admin(t, `aws iam put-user-policy --user-name ivy --policy-name lrg --policy-document '${policy([{ Effect: 'Allow', Action: 'kms:ListRetirableGrants', Resource: '*' }])}' --endpoint-url $EP`);
    const retirable = await ivyKms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: ivy.arn }));
    assert.deepEqual(retirable.Grants!.map((x) => x.GrantId), [g.GrantId]);
    await ivyKms.send(new RetireGrantCommand({ GrantToken: g.GrantToken }));
    await denied(kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'pay' } })));
    kms.destroy();
    ivyKms.destroy();
  });
});

describe('roles and accounts', () => {
  test('AssumeRole: the trust policy decides; session credentials carry the role policy; a wrong token is refused', async () => {
    const jo = await newUser(t, 'jo');
    await admin(t, `aws iam put-user-policy --user-name jo --policy-name assume --policy-document '${policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])}' --endpoint-url $EP`);
    await admin(t, `aws iam create-role --role-name enc --assume-role-policy-document '${policy([{ Effect: 'Allow', Principal: { AWS: jo.arn }, Action: 'sts:AssumeRole' }])}' --endpoint-url $EP && aws iam put-role-policy --role-name enc --policy-name e --policy-document '${policy([{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }])}' --endpoint-url $EP`);
    const env = `AWS_ACCESS_KEY_ID=${jo.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${jo.credentials.secretAccessKey} AWS_SHARED_CREDENTIALS_FILE=/dev/null`;
    const s = await admin(t, `${env} aws sts assume-role --role-arn arn:aws:iam::${t.accountId}:role/enc --role-session-name app --duration-seconds 900 --endpoint-url $EP`);
    assert.equal(s.AssumedRoleUser.Arn, `arn:aws:sts::${t.accountId}:assumed-role/enc/app`);
    assert.match(s.Credentials.AccessKeyId, /^ASIA/);
    const creds = { accessKeyId: s.Credentials.AccessKeyId, secretAccessKey: s.Credentials.SecretAccessKey, sessionToken: s.Credentials.SessionToken };
    const who = await admin(t, `AWS_ACCESS_KEY_ID=${creds.accessKeyId} AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey} AWS_SESSION_TOKEN=${creds.sessionToken} AWS_SHARED_CREDENTIALS_FILE=/dev/null aws sts get-caller-identity --endpoint-url $EP`);
    assert.equal(who.Arn, s.AssumedRoleUser.Arn);
    const kms = kmsClient(t, creds);
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    await denied(kms.send(new DecryptCommand({ CiphertextBlob: (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))).CiphertextBlob })), s.AssumedRoleUser.Arn);
    await assert.rejects(kmsClient(t, { ...creds, sessionToken: creds.sessionToken.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')) }).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), { name: 'UnrecognizedClientException' });
    const other = await newUser(t, 'kim');
    await admin(t, `aws iam put-user-policy --user-name kim --policy-name assume --policy-document '${policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])}' --endpoint-url $EP`);
    const r = await (await import('./helpers/clients.js')).awsShell(t, `AWS_ACCESS_KEY_ID=${other.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${other.credentials.secretAccessKey} AWS_SHARED_CREDENTIALS_FILE=/dev/null aws sts assume-role --role-arn arn:aws:iam::${t.accountId}:role/enc --role-session-name other --endpoint-url $EP`, t.dataDir);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /AccessDenied/);
    kms.destroy();
  });
});
