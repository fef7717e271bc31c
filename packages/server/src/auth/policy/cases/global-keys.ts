/**
 * Global condition keys as the KMS and IAM guides' examples use them: aws:SourceIp,
 * aws:CurrentTime, aws:SecureTransport, aws:ResourceTag/*, aws:PrincipalTag/*, aws:PrincipalArn,
 * aws:PrincipalType, aws:PrincipalAccount.
 */
import { A, B, type EvalCase, doc } from './fixtures.js';
import { ROOT_A, bobUnder, group } from './condition-keys.js';

const BOB = `arn:aws:iam::${A}:user/bob`;

const sourceIpDeny = doc(
  { Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' },
  { Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' },
  { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } },
);
const sourceIp: EvalCase[] = [
  { name: 'aws:SourceIp deny: from a listed range', keyPolicy: sourceIpDeny, who: 'bob', action: 'kms:Encrypt', context: { 'aws:sourceip': '192.0.2.10' }, expect: 'Allow' },
  { name: 'aws:SourceIp deny: from elsewhere', keyPolicy: sourceIpDeny, who: 'bob', action: 'kms:Encrypt', context: { 'aws:sourceip': '198.51.100.7' }, expect: 'ExplicitDeny' },
  { name: 'aws:SourceIp deny: no source address (via a service) is denied', keyPolicy: sourceIpDeny, who: 'bob', action: 'kms:Encrypt', context: {}, expect: 'ExplicitDeny' },
  { name: 'aws:SourceIp deny: covers IAM-delegated callers', keyPolicy: sourceIpDeny, identity: [doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })], who: 'alice', action: 'kms:Encrypt', context: { 'aws:sourceip': '198.51.100.7' }, expect: 'ExplicitDeny' },
  { name: 'aws:SourceIp deny: IPv6 caller outside the ranges', keyPolicy: sourceIpDeny, who: 'bob', action: 'kms:Encrypt', context: { 'aws:sourceip': '2001:db8::1' }, expect: 'ExplicitDeny' },
];

const currentTime = group('aws:CurrentTime window', bobUnder('kms:Decrypt', { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } }), [
  ['inside', 'kms:Decrypt', { 'aws:currenttime': '2026-11-23T11:00:00Z' }, true],
  ['before', 'kms:Decrypt', { 'aws:currenttime': '2025-06-01T00:00:00Z' }, false],
  ['after', 'kms:Decrypt', { 'aws:currenttime': '2027-01-01T00:00:00Z' }, false],
  ['as epoch seconds', 'kms:Decrypt', { 'aws:currenttime': 1795000000 }, true],
]);

const secureTransport = group('aws:SecureTransport', bobUnder('kms:Encrypt', { Bool: { 'aws:SecureTransport': 'true' } }), [
  ['over TLS', 'kms:Encrypt', { 'aws:securetransport': true }, true],
  ['over plain HTTP', 'kms:Encrypt', { 'aws:securetransport': false }, false],
]);

const tagIam = (condition: object): object[] => [doc({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: `arn:aws:kms:*:${A}:key/*`, Condition: condition })];
const defaultKeyPolicy = doc({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' });
const tags: EvalCase[] = [
  ...group('aws:ResourceTag (ABAC)', defaultKeyPolicy, [
    ['tag matches', 'kms:Encrypt', { 'aws:resourcetag/project': 'Alpha' }, true, 'alice'],
    ['tag differs', 'kms:Encrypt', { 'aws:resourcetag/project': 'Beta' }, false, 'alice'],
    ['key untagged', 'kms:Encrypt', {}, false, 'alice'],
  ], tagIam({ StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } })),
  ...group('aws:PrincipalTag', defaultKeyPolicy, [
    ['alice is in Finance', 'kms:Decrypt', {}, true, 'alice'],
    ['bob is in Engineering', 'kms:Decrypt', {}, false, 'bob'],
    ['a role session without tags', 'kms:Decrypt', {}, false, 'appRole'],
    ['explicit context value wins', 'kms:Decrypt', { 'aws:principaltag/department': 'Finance' }, true, 'bob'],
  ], tagIam({ StringEquals: { 'aws:PrincipalTag/Department': 'Finance' } })),
  ...group('aws:ResourceTag matches ${aws:PrincipalTag}', defaultKeyPolicy, [
    ['alice, Finance key', 'kms:Decrypt', { 'aws:resourcetag/department': 'Finance' }, true, 'alice'],
    ['bob, Finance key', 'kms:Decrypt', { 'aws:resourcetag/department': 'Finance' }, false, 'bob'],
    ['bob, Engineering key', 'kms:Decrypt', { 'aws:resourcetag/department': 'Engineering' }, true, 'bob'],
    ['role without tag (variable unresolved)', 'kms:Decrypt', { 'aws:resourcetag/department': 'Finance' }, false, 'appRole'],
  ], tagIam({ StringEquals: { 'aws:ResourceTag/Department': '${aws:PrincipalTag/Department}' } })),
];

const principalArn = group('aws:PrincipalArn with Principal "*"', doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Example*` } } }), [
  ['role session (PrincipalArn is the role ARN)', 'kms:Decrypt', {}, true, 'appRole'],
  ['other role', 'kms:Decrypt', {}, false, 'adminRole'],
  ['user', 'kms:Decrypt', {}, false, 'bob'],
  ['explicit context value', 'kms:Decrypt', { 'aws:principalarn': `arn:aws:iam::${A}:role/ExampleX` }, true, 'bob'],
]);

const principalType = group('aws:PrincipalType', doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } }), [
  ['IAM user', 'kms:Decrypt', {}, true, 'bob'],
  ['role session', 'kms:Decrypt', {}, false, 'appRole'],
  ['root user (Account)', 'kms:Decrypt', {}, false, 'rootA'],
]);

const principalAccount = group('aws:PrincipalAccount cross-account', doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': B } } }), [
  ['caller of B with IAM', 'kms:Decrypt', {}, true, 'carol'],
  ['caller of A', 'kms:Decrypt', {}, false, 'bob'],
], [doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })]);

/** Global condition-key scenarios. */
export const globalKeyCases: EvalCase[] = [...sourceIp, ...currentTime, ...secureTransport, ...tags, ...principalArn, ...principalType, ...principalAccount];
