/**
 * KMS condition keys as the AWS KMS developer guide's examples use them: kms:EncryptionContext:*,
 * kms:EncryptionContextKeys, kms:CallerAccount, kms:ViaService, kms:GrantOperations,
 * kms:GrantIsForAWSResource, kms:RequestAlias, kms:ResourceAliases, kms:KeySpec, kms:KeyUsage,
 * kms:EncryptionAlgorithm. Global keys are in global-keys.ts.
 */
import { A, type EvalCase, type Who, doc } from './fixtures.js';
import type { ContextValue } from '../types.js';

export const ROOT_A = `arn:aws:iam::${A}:root`;
const BOB = `arn:aws:iam::${A}:user/bob`;

/** A key policy letting bob (and the account) do `action` under `condition`. */
export const bobUnder = (action: string | string[], condition: object): object =>
  doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: action, Resource: '*', Condition: condition });

/** [name, action, context, allowed, who (default bob)]. */
export type Row = [string, string, Record<string, ContextValue>, boolean, Who?];

/** Builds cases for one policy: each row is [name, action, context, allowed, who]. */
export function group(title: string, keyPolicy: object, rows: Row[], identity?: object[]): EvalCase[] {
  return rows.map(([name, action, context, allowed, who]) => ({
    name: `${title}: ${name}`, keyPolicy, ...(identity ? { identity } : {}), who: who ?? 'bob', action, context, expect: allowed ? 'Allow' : 'ImplicitDeny',
  }));
}

const ecDept = group('kms:EncryptionContext:Department', bobUnder(['kms:Encrypt', 'kms:Decrypt'], { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }), [
  ['matching pair', 'kms:Decrypt', { 'kms:encryptioncontext:department': 'IT' }, true],
  ['matching pair with others', 'kms:Decrypt', { 'kms:encryptioncontext:department': 'IT', 'kms:encryptioncontext:project': 'x' }, true],
  ['value differs in case', 'kms:Decrypt', { 'kms:encryptioncontext:department': 'it' }, false],
  ['other value', 'kms:Encrypt', { 'kms:encryptioncontext:department': 'HR' }, false],
  ['no encryption context', 'kms:Encrypt', {}, false],
  ['other key only', 'kms:Encrypt', { 'kms:encryptioncontext:project': 'IT' }, false],
]);

// KMS guide: "the condition key, which consists of the kms:EncryptionContext: prefix and the context-key, is not case sensitive".
const ecKeyCase = group('kms:EncryptionContext key name is case-insensitive', bobUnder('kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Appname': 'ExampleApp' } }), [
  ['request key AppName (lowercased by the caller)', 'kms:Decrypt', { 'kms:encryptioncontext:appname': 'ExampleApp' }, true],
  ['value still case-sensitive', 'kms:Decrypt', { 'kms:encryptioncontext:appname': 'EXAMPLEAPP' }, false],
]);

const stageDeny = doc(
  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ExampleRole` }, Action: 'kms:GenerateDataKey', Resource: '*' },
  { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:role/ExampleRole` }, Action: 'kms:GenerateDataKey', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:Stage': ['Restricted', 'Production'] } } },
);
const ecDeny: EvalCase[] = [
  ['Stage=Restricted', { 'kms:encryptioncontext:stage': 'Restricted' }, 'ExplicitDeny'],
  ['Stage=Production', { 'kms:encryptioncontext:stage': 'Production' }, 'ExplicitDeny'],
  ['Stage=Test', { 'kms:encryptioncontext:stage': 'Test' }, 'Allow'],
  ['no Stage', {}, 'Allow'],
].map(([name, context, expect]) => ({ name: `deny restricted stages: ${name as string}`, keyPolicy: stageDeny, who: 'appRole', action: 'kms:GenerateDataKey', context: context as Record<string, string>, expect: expect as EvalCase['expect'] }));

const exactContext = group('one pair required, no other keys', bobUnder('kms:GenerateDataKey', { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } }), [
  ['exactly that pair', 'kms:GenerateDataKey', { 'kms:encryptioncontext:appname': 'ExampleApp', 'kms:encryptioncontextkeys': ['AppName'] }, true],
  ['an extra pair', 'kms:GenerateDataKey', { 'kms:encryptioncontext:appname': 'ExampleApp', 'kms:encryptioncontext:stage': 'x', 'kms:encryptioncontextkeys': ['AppName', 'Stage'] }, false],
  ['no context', 'kms:GenerateDataKey', {}, false],
]);

const ecIgnoreCase = group('kms:EncryptionContext with StringEqualsIgnoreCase', bobUnder('kms:Decrypt', { StringEqualsIgnoreCase: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }), [
  ['same case', 'kms:Decrypt', { 'kms:encryptioncontext:appname': 'ExampleApp' }, true],
  ['other case', 'kms:Decrypt', { 'kms:encryptioncontext:appname': 'exampleapp' }, true],
  ['other value', 'kms:Decrypt', { 'kms:encryptioncontext:appname': 'Other' }, false],
]);

const ecTwoPairs = group('two encryption context pairs (AND)', bobUnder('kms:Encrypt', { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp', 'kms:EncryptionContext:FilePath': '/var/opt/secrets/' } }), [
  ['both', 'kms:Encrypt', { 'kms:encryptioncontext:appname': 'ExampleApp', 'kms:encryptioncontext:filepath': '/var/opt/secrets/' }, true],
  ['only one', 'kms:Encrypt', { 'kms:encryptioncontext:appname': 'ExampleApp' }, false],
]);

const ecLike = group('kms:EncryptionContext with StringLike', bobUnder('kms:Decrypt', { StringLike: { 'kms:EncryptionContext:FilePath': '/var/opt/secrets/*' } }), [
  ['under the path', 'kms:Decrypt', { 'kms:encryptioncontext:filepath': '/var/opt/secrets/db.key' }, true],
  ['elsewhere', 'kms:Decrypt', { 'kms:encryptioncontext:filepath': '/etc/passwd' }, false],
]);

const requireContext = group('require an encryption context (Null false)', bobUnder('kms:Encrypt', { Null: { 'kms:EncryptionContextKeys': 'false' } }), [
  ['with context', 'kms:Encrypt', { 'kms:encryptioncontextkeys': ['Purpose'] }, true],
  ['without context', 'kms:Encrypt', {}, false],
]);

const onlyKeys = group('only listed context keys (ForAllValues + Null)', bobUnder('kms:Encrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Purpose', 'Department'] }, Null: { 'kms:EncryptionContextKeys': 'false' } }), [
  ['one listed key', 'kms:Encrypt', { 'kms:encryptioncontextkeys': ['Purpose'] }, true],
  ['both listed keys', 'kms:Encrypt', { 'kms:encryptioncontextkeys': ['Department', 'Purpose'] }, true],
  ['an unlisted key', 'kms:Encrypt', { 'kms:encryptioncontextkeys': ['Purpose', 'Owner'] }, false],
  ['key differs in case (EncryptionContextKeys is case-sensitive)', 'kms:Encrypt', { 'kms:encryptioncontextkeys': ['purpose'] }, false],
  ['no context (Null guards ForAllValues)', 'kms:Encrypt', {}, false],
]);

const anyKey = group('a required context key (ForAnyValue)', bobUnder('kms:GenerateDataKey', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'Purpose' } }), [
  ['present among others', 'kms:GenerateDataKey', { 'kms:encryptioncontextkeys': ['Owner', 'Purpose'] }, true],
  ['absent', 'kms:GenerateDataKey', { 'kms:encryptioncontextkeys': ['Owner'] }, false],
  ['no context', 'kms:GenerateDataKey', {}, false],
]);

const callerAccount = group('kms:CallerAccount with Principal "*" (AWS managed key style)', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } } }), [
  ['caller of the account via EC2', 'kms:Decrypt', { 'kms:viaservice': 'ec2.us-west-2.amazonaws.com' }, true],
  ['caller of the account via EC2 (explicit kms:calleraccount)', 'kms:Decrypt', { 'kms:viaservice': 'ec2.us-west-2.amazonaws.com', 'kms:calleraccount': A }, true],
  ['caller of the account not via a service', 'kms:Decrypt', {}, false],
  ['caller of the account via another service', 'kms:Decrypt', { 'kms:viaservice': 's3.us-west-2.amazonaws.com' }, false],
  ['role session of the account', 'kms:Encrypt', { 'kms:viaservice': 'ec2.us-west-2.amazonaws.com' }, true, 'appRole'],
  ['caller of another account', 'kms:Decrypt', { 'kms:viaservice': 'ec2.us-west-2.amazonaws.com' }, false, 'carol'],
]);

const viaService = group('kms:ViaService list', bobUnder(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], { StringEquals: { 'kms:ViaService': ['ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com'] } }), [
  ['via EC2', 'kms:Decrypt', { 'kms:viaservice': 'ec2.us-west-2.amazonaws.com' }, true],
  ['via RDS', 'kms:GenerateDataKeyWithoutPlaintext', { 'kms:viaservice': 'rds.us-west-2.amazonaws.com' }, true],
  ['via EC2 in another region', 'kms:Decrypt', { 'kms:viaservice': 'ec2.us-east-1.amazonaws.com' }, false],
  ['directly', 'kms:Decrypt', {}, false],
]);

const denyNotVia = doc(
  { Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' },
  { Effect: 'Deny', Principal: { AWS: BOB }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } } },
);
const denyVia: EvalCase[] = [
  { name: 'deny unless via S3: via S3 allowed', keyPolicy: denyNotVia, who: 'bob', action: 'kms:Decrypt', context: { 'kms:viaservice': 's3.us-west-2.amazonaws.com' }, expect: 'Allow' },
  { name: 'deny unless via S3: directly denied (StringNotEquals on a missing key holds)', keyPolicy: denyNotVia, who: 'bob', action: 'kms:Decrypt', context: {}, expect: 'ExplicitDeny' },
  { name: 'deny unless via S3: via EBS denied', keyPolicy: denyNotVia, who: 'bob', action: 'kms:Decrypt', context: { 'kms:viaservice': 'ebs.us-west-2.amazonaws.com' }, expect: 'ExplicitDeny' },
  { name: 'deny unless via S3: other action not denied', keyPolicy: denyNotVia, who: 'bob', action: 'kms:Encrypt', context: {}, expect: 'Allow' },
];

const grantOps = group('kms:GrantOperations limits CreateGrant', bobUnder('kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt', 'GenerateDataKey'] } }), [
  ['subset', 'kms:CreateGrant', { 'kms:grantoperations': ['Decrypt', 'Encrypt'] }, true],
  ['with RetireGrant', 'kms:CreateGrant', { 'kms:grantoperations': ['Decrypt', 'RetireGrant'] }, false],
  ['with CreateGrant', 'kms:CreateGrant', { 'kms:grantoperations': ['CreateGrant'] }, false],
]);

const grantForAws = group('kms:GrantIsForAWSResource', bobUnder(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Bool: { 'kms:GrantIsForAWSResource': true } }), [
  ['for an AWS resource', 'kms:CreateGrant', { 'kms:grantisforawsresource': true }, true],
  ['not for an AWS resource', 'kms:CreateGrant', { 'kms:grantisforawsresource': false }, false],
  ['flag missing', 'kms:RevokeGrant', {}, false],
]);

const requestAlias = group('kms:RequestAlias', bobUnder(['kms:Encrypt', 'kms:GenerateDataKey*'], { StringEquals: { 'kms:RequestAlias': 'alias/finance-key' } }), [
  ['by that alias', 'kms:Encrypt', { 'kms:requestalias': 'alias/finance-key' }, true],
  ['by another alias', 'kms:Encrypt', { 'kms:requestalias': 'alias/other' }, false],
  ['by key id', 'kms:Encrypt', {}, false],
]);

const requestAliasLike = group('kms:RequestAlias with StringLike', bobUnder('kms:Decrypt', { StringLike: { 'kms:RequestAlias': 'alias/project-*' } }), [
  ['matching alias', 'kms:Decrypt', { 'kms:requestalias': 'alias/project-alpha' }, true],
  ['other alias', 'kms:Decrypt', { 'kms:requestalias': 'alias/other' }, false],
]);

const resourceAliases = group('kms:ResourceAliases', bobUnder('kms:Decrypt', { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/finance-*' } }), [
  ['one matching alias', 'kms:Decrypt', { 'kms:resourcealiases': ['alias/finance-key', 'alias/x'] }, true],
  ['no matching alias', 'kms:Decrypt', { 'kms:resourcealiases': ['alias/hr-key'] }, false],
  ['key has no aliases', 'kms:Decrypt', {}, false],
]);

const resourceAliasesAll = group('kms:ResourceAliases with ForAllValues', bobUnder('kms:Decrypt', { 'ForAllValues:StringLike': { 'kms:ResourceAliases': 'alias/finance-*' } }), [
  ['all aliases match', 'kms:Decrypt', { 'kms:resourcealiases': ['alias/finance-a', 'alias/finance-b'] }, true],
  ['one alias does not', 'kms:Decrypt', { 'kms:resourcealiases': ['alias/finance-a', 'alias/hr'] }, false],
  ['no aliases (ForAllValues holds)', 'kms:Decrypt', {}, true],
]);

const createKeyIam = (condition: object): object[] => [doc({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: condition })];
const keySpec: EvalCase[] = [
  ...[['SYMMETRIC_DEFAULT', true], ['RSA_4096', false], ['ECC_NIST_P256', false]].map(([spec, ok]): EvalCase => ({
    name: `kms:KeySpec on CreateKey: ${spec}`, identity: createKeyIam({ StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }), who: 'alice', action: 'kms:CreateKey', resource: '*', resourceAccount: A,
    context: { 'kms:keyspec': spec as string }, expect: ok ? 'Allow' : 'ImplicitDeny',
  })),
  ...[['RSA_2048', true], ['RSA_4096', true], ['ECC_NIST_P384', false]].map(([spec, ok]): EvalCase => ({
    name: `kms:KeySpec StringLike RSA_*: ${spec}`, identity: createKeyIam({ StringLike: { 'kms:KeySpec': 'RSA_*' } }), who: 'alice', action: 'kms:CreateKey', resource: '*', resourceAccount: A,
    context: { 'kms:keyspec': spec as string }, expect: ok ? 'Allow' : 'ImplicitDeny',
  })),
  ...[['ENCRYPT_DECRYPT', true], ['SIGN_VERIFY', false], ['GENERATE_VERIFY_MAC', false]].map(([usage, ok]): EvalCase => ({
    name: `kms:KeyUsage on CreateKey: ${usage}`, identity: createKeyIam({ StringEquals: { 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }), who: 'alice', action: 'kms:CreateKey', resource: '*', resourceAccount: A,
    context: { 'kms:keyusage': usage as string }, expect: ok ? 'Allow' : 'ImplicitDeny',
  })),
  { name: 'CreateKey identity policy on a key ARN does not cover resource *', identity: [doc({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: `arn:aws:kms:*:${A}:key/*` })], who: 'alice', action: 'kms:CreateKey', resource: '*', resourceAccount: A, expect: 'ImplicitDeny' },
  { name: 'CreateKey without any identity policy', who: 'alice', action: 'kms:CreateKey', resource: '*', resourceAccount: A, expect: 'ImplicitDeny' },
  { name: 'CreateKey by the account root user', who: 'rootA', action: 'kms:CreateKey', resource: '*', resourceAccount: A, expect: 'Allow' },
];

const denyOaepSha1 = doc(
  { Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:*', Resource: '*' },
  { Effect: 'Deny', Principal: '*', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } } },
);
const algorithm: EvalCase[] = [
  { name: 'kms:EncryptionAlgorithm deny: SHA-1 OAEP denied', keyPolicy: denyOaepSha1, who: 'bob', action: 'kms:Encrypt', context: { 'kms:encryptionalgorithm': 'RSAES_OAEP_SHA_1' }, expect: 'ExplicitDeny' },
  { name: 'kms:EncryptionAlgorithm deny: SHA-256 OAEP allowed', keyPolicy: denyOaepSha1, who: 'bob', action: 'kms:Encrypt', context: { 'kms:encryptionalgorithm': 'RSAES_OAEP_SHA_256' }, expect: 'Allow' },
  { name: 'kms:EncryptionAlgorithm deny: symmetric default allowed', keyPolicy: denyOaepSha1, who: 'bob', action: 'kms:Decrypt', context: { 'kms:encryptionalgorithm': 'SYMMETRIC_DEFAULT' }, expect: 'Allow' },
];

/** Condition-key scenarios. */
export const conditionKeyCases: EvalCase[] = [
  ...ecDept, ...ecKeyCase, ...ecDeny, ...exactContext, ...ecIgnoreCase, ...ecTwoPairs, ...ecLike, ...requireContext, ...onlyKeys, ...anyKey, ...callerAccount, ...viaService, ...denyVia,
  ...grantOps, ...grantForAws, ...requestAlias, ...requestAliasLike, ...resourceAliases, ...resourceAliasesAll, ...keySpec, ...algorithm,
];
