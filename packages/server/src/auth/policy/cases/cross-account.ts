/**
 * Cross-account use (KMS developer guide, "Allowing users in other accounts to use a KMS key"),
 * IAM and STS actions without a key policy, and policy variables in Resource and conditions.
 */
import { A, B, type EvalCase, KEY_A, KEY_B, defaultKey, doc } from './fixtures.js';

const ROOT_A = `arn:aws:iam::${A}:root`;
const ROOT_B = `arn:aws:iam::${B}:root`;
const CAROL = `arn:aws:iam::${B}:user/carol`;
const ROLE_B = `arn:aws:iam::${B}:role/ExampleRole`;
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Key A's policy: its own account plus account B for use. */
const sharedWithB = doc(
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' },
  { Sid: 'Allow an external account to use this KMS key', Effect: 'Allow', Principal: { AWS: [ROOT_B] }, Action: USE, Resource: '*' },
);
const sharedWithCarol = doc(
  { Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' },
  { Effect: 'Allow', Principal: { AWS: [CAROL, ROLE_B] }, Action: USE, Resource: '*' },
);
const iamUse = (resource: string): object => doc({ Effect: 'Allow', Action: USE, Resource: resource });

const crossAccount: EvalCase[] = [
  { name: 'cross-account: B user with IAM policy on the key ARN', keyPolicy: sharedWithB, identity: [iamUse(KEY_A)], who: 'carol', action: 'kms:Encrypt', expect: 'Allow', by: 'identity' },
  { name: 'cross-account: B user with IAM policy on *', keyPolicy: sharedWithB, identity: [iamUse('*')], who: 'carol', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'cross-account: B user without IAM policy', keyPolicy: sharedWithB, who: 'carol', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'cross-account: B user, IAM policy names another key', keyPolicy: sharedWithB, identity: [iamUse(KEY_B)], who: 'carol', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'cross-account: action not shared by the key policy', keyPolicy: sharedWithB, identity: [doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })], who: 'carol', action: 'kms:ScheduleKeyDeletion', expect: 'ImplicitDeny' },
  { name: 'cross-account: B root user needs no IAM policy', keyPolicy: sharedWithB, who: 'rootB', action: 'kms:GenerateDataKey', expect: 'Allow' },
  { name: 'cross-account: B role session with IAM policy', keyPolicy: sharedWithB, identity: [iamUse(KEY_A)], who: 'roleB', action: 'kms:ReEncryptTo', expect: 'Allow' },
  { name: 'cross-account: B IAM deny wins', keyPolicy: sharedWithB, identity: [iamUse('*'), doc({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' })], who: 'carol', action: 'kms:Decrypt', expect: 'ExplicitDeny' },
  { name: 'cross-account: key policy naming the user still needs IAM', keyPolicy: sharedWithCarol, who: 'carol', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'cross-account: key policy naming the user, with IAM', keyPolicy: sharedWithCarol, identity: [iamUse(KEY_A)], who: 'carol', action: 'kms:Encrypt', expect: 'Allow', by: 'keyPolicy' },
  { name: 'cross-account: key policy naming the role, session with IAM', keyPolicy: sharedWithCarol, identity: [iamUse(KEY_A)], who: 'roleB', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'cross-account: key policy naming carol does not cover the B root delegation', keyPolicy: sharedWithCarol, who: 'rootB', action: 'kms:Encrypt', expect: 'ImplicitDeny' },
  { name: 'cross-account: A user with a broad IAM policy cannot use key B (default policy of B)', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ROOT_B }, Action: 'kms:*', Resource: '*' }), identity: [iamUse('*')], who: 'alice', action: 'kms:Encrypt', resource: KEY_B, resourceAccount: B, expect: 'ImplicitDeny' },
  { name: 'cross-account: key B shared with account A, A user with IAM', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: USE, Resource: '*' }), identity: [iamUse(KEY_B)], who: 'alice', action: 'kms:Encrypt', resource: KEY_B, resourceAccount: B, expect: 'Allow' },
  { name: 'cross-account: bare account id principal', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:Decrypt', Resource: '*' }), identity: [iamUse('*')], who: 'carol', action: 'kms:Decrypt', expect: 'Allow' },
  { name: 'cross-account: default key policy shares nothing', keyPolicy: defaultKey, identity: [iamUse('*')], who: 'roleB', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
  { name: 'cross-account: key policy deny for account B', keyPolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: ROOT_B }, Action: 'kms:*', Resource: '*' }), identity: [iamUse('*')], who: 'carol', action: 'kms:Decrypt', expect: 'ExplicitDeny' },
  { name: 'cross-account: kms:CallerAccount restricts the shared statement', keyPolicy: doc({ Effect: 'Allow', Principal: { AWS: ROOT_B }, Action: USE, Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': A } } }), identity: [iamUse('*')], who: 'carol', action: 'kms:Decrypt', expect: 'ImplicitDeny' },
];

const allowIamUsers = doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:CreateAccessKey'], Resource: `arn:aws:iam::${A}:user/*` });
const iamCases: EvalCase[] = [
  { name: 'IAM action: user with identity policy', identity: [allowIamUsers], who: 'alice', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/bob`, expect: 'Allow', by: 'identity' },
  { name: 'IAM action: resource outside the policy', identity: [allowIamUsers], who: 'alice', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:role/x`, expect: 'ImplicitDeny' },
  { name: 'IAM action: action outside the policy', identity: [allowIamUsers], who: 'alice', action: 'iam:DeleteUser', resource: `arn:aws:iam::${A}:user/bob`, expect: 'ImplicitDeny' },
  { name: 'IAM action: no policy', who: 'alice', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/new`, expect: 'ImplicitDeny' },
  { name: 'IAM action: root user of the account', who: 'rootA', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/new`, expect: 'Allow' },
  { name: 'IAM action: root user of another account', who: 'rootB', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/new`, expect: 'ImplicitDeny' },
  { name: 'IAM action: root user with an explicit deny', identity: [doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' })], who: 'rootA', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/new`, expect: 'ExplicitDeny' },
  { name: 'IAM action: other account user with a broad policy', identity: [doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })], who: 'carol', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/bob`, expect: 'ImplicitDeny' },
  { name: 'STS: GetCallerIdentity allowed by identity policy', identity: [doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' })], who: 'bob', action: 'sts:GetCallerIdentity', resource: '*', resourceAccount: A, expect: 'Allow' },
];

/** Identity policies with variables (2012-10-17) and without (2008-10-17). */
const ALIAS = (name: string): string => `arn:aws:kms:us-west-2:${A}:alias/${name}`;
const ownAliases = doc({ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:DeleteAlias'], Resource: [`arn:aws:kms:us-west-2:${A}:alias/\${aws:username}-*`] });
const ownerContext = (version: string): object => ({ Version: version, Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } } }] });
const variableCases: EvalCase[] = [
  { name: 'variables: own alias prefix in Resource', keyPolicy: defaultKey, identity: [ownAliases], who: 'alice', action: 'kms:CreateAlias', resource: ALIAS('alice-app'), expect: 'Allow' },
  { name: 'variables: another user alias in Resource', keyPolicy: defaultKey, identity: [ownAliases], who: 'alice', action: 'kms:CreateAlias', resource: ALIAS('bob-app'), expect: 'ImplicitDeny' },
  { name: 'variables: role session has no aws:username', keyPolicy: defaultKey, identity: [ownAliases], who: 'appRole', action: 'kms:CreateAlias', resource: ALIAS('app-x'), expect: 'ImplicitDeny' },
  { name: 'variables: ${aws:username} in a condition matches', keyPolicy: defaultKey, identity: [ownerContext('2012-10-17')], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:owner': 'alice' }, expect: 'Allow' },
  { name: 'variables: ${aws:username} in a condition differs', keyPolicy: defaultKey, identity: [ownerContext('2012-10-17')], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:owner': 'bob' }, expect: 'ImplicitDeny' },
  { name: 'variables: 2008-10-17 takes ${…} literally', keyPolicy: defaultKey, identity: [ownerContext('2008-10-17')], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:owner': 'alice' }, expect: 'ImplicitDeny' },
  { name: 'variables: 2008-10-17 literal text matches itself', keyPolicy: defaultKey, identity: [ownerContext('2008-10-17')], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:owner': '${aws:username}' }, expect: 'Allow' },
  { name: 'variables: ${aws:userid}', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:uid': '${aws:userid}' } } })], who: 'appRole', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:uid': 'AROAEXAMPLEROLE:app' }, expect: 'Allow' },
  { name: 'variables: default value used when missing', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:owner': "${aws:username, 'nobody'}" } } })], who: 'appRole', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:owner': 'nobody' }, expect: 'Allow' },
  { name: 'variables: ${*} is a literal star in StringLike', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:p': 'a${*}b' } } })], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:p': 'a*b' }, expect: 'Allow' },
  { name: 'variables: ${*} does not act as a wildcard', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:p': 'a${*}b' } } })], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:p': 'axxb' }, expect: 'ImplicitDeny' },
  { name: 'variables: ${?} is a literal question mark', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:p': 'why${?}' } } })], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:p': 'whyX' }, expect: 'ImplicitDeny' },
  { name: 'variables: ${$} is a dollar sign', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:p': 'cost${$}' } } })], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:p': 'cost$' }, expect: 'Allow' },
  { name: 'variables: a value with * substituted is literal', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:p': '${aws:PrincipalTag/project}' } } })], who: 'alice', action: 'kms:Decrypt', context: { 'kms:encryptioncontext:p': 'blue' }, expect: 'Allow' },
  { name: 'variables: ArnLike with ${aws:username}', keyPolicy: defaultKey, identity: [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:iam::${A}:user/\${aws:username}` } } })], who: 'alice', action: 'kms:Decrypt', context: { 'aws:sourcearn': `arn:aws:iam::${A}:user/alice` }, expect: 'Allow' },
];

/** Cross-account, IAM and variable scenarios. */
export const crossAccountCases: EvalCase[] = [...crossAccount, ...iamCases, ...variableCases];
