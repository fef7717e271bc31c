/**
 * Key policy scenarios from the AWS KMS developer guide: the default key policy and delegation to
 * IAM, key administrators, key users, persistent-resource grants, explicit denies, NotAction,
 * NotResource, NotPrincipal, and grants.
 */
import { A, type EvalCase, KEY_A, KEY_A2, defaultKey, doc } from './fixtures.js';

const ROOT_A = `arn:aws:iam::${A}:root`;
const ADMIN_ROLE = `arn:aws:iam::${A}:role/KMSAdminRole`;
const APP_ROLE = `arn:aws:iam::${A}:role/ExampleRole`;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${A}:user/bob`;

const allowIam = (action: string | string[], resource: string | string[] = '*'): object => doc({ Effect: 'Allow', Action: action, Resource: resource });
const denyIam = (action: string | string[], resource: string | string[] = '*'): object => doc({ Effect: 'Deny', Action: action, Resource: resource });

/** The console's default policy: root, key administrators, key users, persistent-resource grants. */
const consolePolicy = doc(
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' },
  {
    Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: ADMIN_ROLE },
    Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand'],
    Resource: '*',
  },
  { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: [APP_ROLE, BOB] }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
  {
    Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: [APP_ROLE, BOB] },
    Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  },
);

/** Same but without the root statement: IAM policies play no part. */
const noRootPolicy = doc(...(consolePolicy as { Statement: object[] }).Statement.slice(1));

const defaultCases: EvalCase[] = [
  { name: 'default policy: user without IAM policy is denied', keyPolicy: defaultKey, who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: IAM policy allowing kms:Encrypt on * allows', keyPolicy: defaultKey, identity: [allowIam('kms:Encrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow', by: 'identity' },
  { name: 'default policy: IAM policy for another action does not allow', keyPolicy: defaultKey, identity: [allowIam('kms:Decrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: IAM policy on this key ARN allows', keyPolicy: defaultKey, identity: [allowIam('kms:Encrypt', KEY_A)], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'default policy: IAM policy on another key does not allow', keyPolicy: defaultKey, identity: [allowIam('kms:Encrypt', KEY_A2)], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: IAM policy on key/* in the account allows', keyPolicy: defaultKey, identity: [allowIam('kms:*', `arn:aws:kms:*:${A}:key/*`)], who: 'alice', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'default policy: IAM policy on keys of another account does not allow', keyPolicy: defaultKey, identity: [allowIam('kms:*', 'arn:aws:kms:*:444455556666:key/*')], who: 'alice', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: IAM policy on alias ARN does not cover the key', keyPolicy: defaultKey, identity: [allowIam('kms:*', `arn:aws:kms:us-west-2:${A}:alias/*`)], who: 'alice', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: kms:GenerateDataKey* covers GenerateDataKeyPair', keyPolicy: defaultKey, identity: [allowIam('kms:GenerateDataKey*')], who: 'alice', action: 'kms:GenerateDataKeyPair', expect: 'Allow' },
  { name: 'default policy: actions match case-insensitively', keyPolicy: defaultKey, identity: [allowIam('KMS:encrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'default policy: wildcard action case-insensitive', keyPolicy: defaultKey, identity: [allowIam('kms:gen*')], who: 'alice', action: 'kms:GenerateRandom', expect: 'Allow' },
  { name: 'default policy: ? matches one character', keyPolicy: defaultKey, identity: [allowIam('kms:?ncrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'default policy: ? does not match two', keyPolicy: defaultKey, identity: [allowIam('kms:?crypt')], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: Action * allows', keyPolicy: defaultKey, identity: [allowIam('*')], who: 'alice', action: 'kms:ScheduleKeyDeletion', expect: 'Allow' },
  { name: 'default policy: other service action does not cover kms', keyPolicy: defaultKey, identity: [allowIam('s3:*')], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: IAM deny wins over IAM allow', keyPolicy: defaultKey, identity: [allowIam('kms:*'), denyIam('kms:Decrypt')], who: 'alice', action: 'kms:Decrypt', expect: 'ExplicitDeny', by: 'identity' },
  { name: 'default policy: IAM deny of another action leaves allow', keyPolicy: defaultKey, identity: [allowIam('kms:*'), denyIam('kms:Decrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'default policy: IAM deny in the same document wins', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Schedule*', Resource: KEY_A })], who: 'alice', action: 'kms:ScheduleKeyDeletion', expect: 'ExplicitDeny' },
  { name: 'default policy: IAM deny on another key does not apply', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:*', Resource: KEY_A2 })], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'default policy: the account root user is allowed by the key policy itself', keyPolicy: defaultKey, who: 'rootA', action: 'kms:PutKeyPolicy', expect: 'Allow', by: 'keyPolicy' },
  { name: 'default policy: assumed role with IAM policy allows', keyPolicy: defaultKey, identity: [allowIam('kms:Decrypt')], who: 'appRole', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'default policy: assumed role without IAM policy is denied', keyPolicy: defaultKey, who: 'appRole', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: another account is not delegated', keyPolicy: defaultKey, identity: [allowIam('kms:*')], who: 'carol', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'default policy: another account root is not delegated', keyPolicy: defaultKey, who: 'rootB', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'bare account id principal delegates like the root ARN', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'kms:*', Resource: '*' }), identity: [allowIam('kms:Encrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'key policy Resource naming the key ARN applies', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Encrypt', Resource: KEY_A }), who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'key policy Resource naming another key does not apply', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Encrypt', Resource: KEY_A2 }), who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
];

const consoleCases: EvalCase[] = [
  ...['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:DisableKey', 'kms:EnableKeyRotation', 'kms:ListResourceTags', 'kms:GetKeyPolicy', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:TagResource', 'kms:UpdateKeyDescription', 'kms:RevokeGrant', 'kms:RotateKeyOnDemand'].map(
    (action): EvalCase => ({ name: `key administrators: role session may ${action}`, keyPolicy: consolePolicy, who: 'adminRole', action, expect: 'Allow', by: 'keyPolicy' }),
  ),
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:Sign', 'kms:ImportKeyMaterial'].map(
    (action): EvalCase => ({ name: `key administrators: role session may not ${action}`, keyPolicy: consolePolicy, who: 'adminRole', action, expect: 'ImplicitDeny' }),
  ),
  ...['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:GenerateDataKeyPair', 'kms:DescribeKey'].flatMap((action): EvalCase[] => [
    { name: `key users: role session may ${action}`, keyPolicy: consolePolicy, who: 'appRole', action, expect: 'Allow', by: 'keyPolicy' },
    { name: `key users: user bob may ${action}`, keyPolicy: consolePolicy, who: 'bob', action, expect: 'Allow', by: 'keyPolicy' },
  ]),
  ...['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Sign'].map(
    (action): EvalCase => ({ name: `key users: may not ${action}`, keyPolicy: consolePolicy, who: 'appRole', action, expect: 'ImplicitDeny' }),
  ),
  { name: 'persistent resources: CreateGrant for an AWS resource', keyPolicy: consolePolicy, who: 'appRole', action: 'kms:CreateGrant', context: { 'kms:grantisforawsresource': true }, expect: 'Allow' },
  { name: 'persistent resources: CreateGrant not for an AWS resource', keyPolicy: consolePolicy, who: 'appRole', action: 'kms:CreateGrant', context: { 'kms:grantisforawsresource': false }, expect: 'ImplicitDeny' },
  { name: 'persistent resources: CreateGrant without the key', keyPolicy: consolePolicy, who: 'bob', action: 'kms:CreateGrant', expect: 'ImplicitDeny' },
  { name: 'persistent resources: ListGrants as string "true"', keyPolicy: consolePolicy, who: 'bob', action: 'kms:ListGrants', context: { 'kms:grantisforawsresource': 'true' }, expect: 'Allow' },
  { name: 'console policy: alice relies on IAM and has none', keyPolicy: consolePolicy, who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'console policy: alice with an IAM policy', keyPolicy: consolePolicy, identity: [allowIam('kms:Encrypt')], who: 'alice', action: 'kms:Encrypt', expect: 'Allow', by: 'identity' },
  { name: 'console policy: the admin role without IAM policy may not encrypt', keyPolicy: consolePolicy, who: 'adminRole', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'console policy: the admin role with an IAM policy may encrypt (root delegation)', keyPolicy: consolePolicy, identity: [allowIam('kms:Encrypt')], who: 'adminRole', action: 'kms:Encrypt', expect: 'Allow', by: 'identity' },
  { name: 'without root statement: IAM policy alone does not allow', keyPolicy: noRootPolicy, identity: [allowIam('kms:*')], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'without root statement: the root user is not allowed either', keyPolicy: noRootPolicy, who: 'rootA', action: 'kms:PutKeyPolicy', expect: 'ImplicitDeny' },
  { name: 'without root statement: named user still allowed', keyPolicy: noRootPolicy, who: 'bob', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'without root statement: IAM deny still applies to a named user', keyPolicy: noRootPolicy, identity: [denyIam('kms:Decrypt')], who: 'bob', action: 'kms:Decrypt', expect: 'ExplicitDeny' },
];

const denyCases: EvalCase[] = [
  { name: 'key policy deny for a user wins over the root delegation', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' }), identity: [allowIam('kms:*')], who: 'alice', action: 'kms:Decrypt', expect: 'ExplicitDeny', by: 'keyPolicy' },
  { name: 'key policy deny for a user leaves others', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' }), identity: [allowIam('kms:*')], who: 'bob', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'key policy deny to the account covers its users', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: ROOT_A }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' }), who: 'bob', action: 'kms:ScheduleKeyDeletion', expect: 'ExplicitDeny' },
  { name: 'key policy deny to * covers everyone', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Disable*', Resource: '*' }), who: 'bob', action: 'kms:DisableKey', expect: 'ExplicitDeny' },
  { name: 'key policy deny beats a grant', keyPolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }), grant: true, who: 'bob', action: 'kms:Decrypt', expect: 'ExplicitDeny' },
  { name: 'identity deny beats a grant', keyPolicy: defaultKey, identity: [denyIam('kms:*')], grant: true, who: 'bob', action: 'kms:Decrypt', expect: 'ExplicitDeny' },
  { name: 'grant allows when the policies do not', keyPolicy: defaultKey, grant: true, who: 'bob', action: 'kms:Decrypt', expect: 'Allow', by: 'grant' },
  { name: 'grant flag false leaves implicit deny', keyPolicy: defaultKey, grant: false, who: 'bob', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'grant to a cross-account principal allows', keyPolicy: defaultKey, grant: true, who: 'carol', action: 'kms:Encrypt', expect: 'Allow', by: 'grant' },
  { name: 'key policy allow wins before grant is consulted', keyPolicy: consolePolicy, grant: true, who: 'bob', action: 'kms:Decrypt', expect: 'Allow', by: 'keyPolicy' },
  { name: 'key policy Deny with conditions not met does not deny', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), who: 'bob', action: 'kms:Encrypt', context: { 'aws:securetransport': true }, expect: 'Allow' },
  { name: 'key policy Deny with conditions met denies', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), who: 'bob', action: 'kms:Encrypt', context: { 'aws:securetransport': false }, expect: 'ExplicitDeny' },
];

const notCases: EvalCase[] = [
  { name: 'NotAction allow: everything but deletion', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', NotAction: ['kms:ScheduleKeyDeletion', 'kms:Delete*'], Resource: '*' })], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotAction allow: deletion not allowed', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', NotAction: ['kms:ScheduleKeyDeletion', 'kms:Delete*'], Resource: '*' })], who: 'alice', action: 'kms:ScheduleKeyDeletion', expect: 'ImplicitDeny' },
  { name: 'NotAction allow: wildcard excluded action', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', NotAction: ['kms:ScheduleKeyDeletion', 'kms:Delete*'], Resource: '*' })], who: 'alice', action: 'kms:DeleteAlias', expect: 'ImplicitDeny' },
  { name: 'NotAction deny in key policy: other actions denied', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: BOB }, NotAction: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }), who: 'bob', action: 'kms:ReEncryptFrom', expect: 'ExplicitDeny' },
  { name: 'NotAction deny in key policy: listed action not denied', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: BOB }, NotAction: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }), who: 'bob', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'NotResource allow: other keys allowed', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:*', NotResource: KEY_A2 })], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotResource allow: excluded key not allowed', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:*', NotResource: KEY_A })], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'NotResource deny: everything but the listed key denied', keyPolicy: defaultKey, identity: [allowIam('kms:*'), doc({ Effect: 'Deny', Action: 'kms:*', NotResource: KEY_A2 })], who: 'alice', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'NotResource deny: listed key spared', keyPolicy: defaultKey, identity: [allowIam('kms:*'), doc({ Effect: 'Deny', Action: 'kms:*', NotResource: [KEY_A, KEY_A2] })], who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotResource with wildcard', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:*', NotResource: `arn:aws:kms:*:${A}:key/1234*` })], who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
];

const NOT_PRINCIPAL_BASE = { Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' };
const notPrincipal = (...arns: string[]): object => doc(NOT_PRINCIPAL_BASE, { Effect: 'Deny', NotPrincipal: { AWS: arns }, Action: 'kms:*', Resource: '*' });

const notPrincipalCases: EvalCase[] = [
  { name: 'NotPrincipal deny: unlisted user denied', keyPolicy: notPrincipal(ALICE, ROOT_A), who: 'bob', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'NotPrincipal deny: listed user with account spared', keyPolicy: notPrincipal(ALICE, ROOT_A), who: 'alice', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotPrincipal deny: listed user without account still denied (AWS documents this)', keyPolicy: notPrincipal(ALICE), who: 'alice', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'NotPrincipal deny: account root listed spares the root user', keyPolicy: notPrincipal(ROOT_A), who: 'rootA', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotPrincipal deny: account alone does not spare its users', keyPolicy: notPrincipal(ROOT_A), who: 'bob', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'NotPrincipal deny: role and account listed spare its sessions', keyPolicy: notPrincipal(APP_ROLE, ROOT_A), who: 'appRole', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotPrincipal deny: session ARN and account listed spare the session', keyPolicy: notPrincipal(`arn:aws:sts::${A}:assumed-role/ExampleRole/app`, ROOT_A), who: 'appRole', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'NotPrincipal deny: other role sessions denied', keyPolicy: notPrincipal(APP_ROLE, ROOT_A), who: 'adminRole', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'NotPrincipal deny: cross-account caller denied', keyPolicy: notPrincipal(ALICE, ROOT_A), identity: [allowIam('kms:*')], who: 'carol', action: 'kms:Encrypt', expect: 'ExplicitDeny' },
  { name: 'Principal "*": any caller of the account is allowed directly', keyPolicy: doc(NOT_PRINCIPAL_BASE), who: 'bob', action: 'kms:Encrypt', expect: 'Allow', by: 'keyPolicy' },
  { name: 'Principal {"AWS":"*"}: same as "*"', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*' }), who: 'appRole', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'Principal "*": cross-account caller also needs IAM', keyPolicy: doc(NOT_PRINCIPAL_BASE), who: 'carol', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'Principal "*": cross-account caller with IAM allowed', keyPolicy: doc(NOT_PRINCIPAL_BASE), identity: [allowIam('kms:Encrypt', KEY_A)], who: 'carol', action: 'kms:Encrypt', expect: 'Allow' },
  { name: 'Principal role ARN covers its sessions', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:Decrypt', Resource: '*' }), who: 'appRole', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'Principal session ARN covers that session', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/ExampleRole/app` }, Action: 'kms:Decrypt', Resource: '*' }), who: 'appRole', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'Principal session ARN does not cover another session of another role', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/ExampleRole/app` }, Action: 'kms:Decrypt', Resource: '*' }), who: 'adminRole', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'Principal user ARN is case-sensitive', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/Alice` }, Action: 'kms:Decrypt', Resource: '*' }), who: 'alice', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'Service principal never matches a user', keyPolicy: doc({ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' }), who: 'alice', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
];

/** Key policy scenarios. */
export const keyPolicyCases: EvalCase[] = [...defaultCases, ...consoleCases, ...denyCases, ...notCases, ...notPrincipalCases];
