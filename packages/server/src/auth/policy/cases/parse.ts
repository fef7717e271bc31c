/**
 * Parse and validation rows: [name, kind, document (object or raw text), expected error or null].
 * Written from the IAM policy grammar and KMS's MalformedPolicyDocumentException cases.
 */
import type { PolicyKind } from '../types.js';

/** One parse row. */
export type ParseRow = [string, PolicyKind, object | string, RegExp | null];

const V = '2012-10-17';
const P = { AWS: 'arn:aws:iam::111122223333:root' };
const ok = { Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*' };
const idOk = { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' };
const trustOk = { Effect: 'Allow', Principal: P, Action: 'sts:AssumeRole' };
const key = (...s: object[]): object => ({ Version: V, Statement: s });
const withKey = (extra: object): object => key({ ...ok, ...extra });

/** Parse rows. */
export const PARSE_ROWS: ParseRow[] = [
  ['minimal key policy', 'key', key(ok), null],
  ['statement as a single object', 'key', { Version: V, Statement: ok }, null],
  ['with Id and Sid', 'key', { Version: V, Id: 'key-consolepolicy-3', Statement: [{ Sid: 'Enable IAM User Permissions', ...ok }] }, null],
  ['version 2008-10-17', 'key', { Version: '2008-10-17', Statement: [ok] }, null],
  ['no version', 'key', { Statement: [ok] }, null],
  ['principal "*"', 'key', withKey({ Principal: '*' }), null],
  ['principal AWS "*"', 'key', withKey({ Principal: { AWS: '*' } }), null],
  ['principal account id', 'key', withKey({ Principal: { AWS: '111122223333' } }), null],
  ['principal list of users and roles', 'key', withKey({ Principal: { AWS: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/path/Role-1'] } }), null],
  ['principal assumed-role session', 'key', withKey({ Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/Role/sess' } }), null],
  ['principal service', 'key', withKey({ Principal: { Service: 'logs.us-west-2.amazonaws.com' } }), null],
  ['principal federated', 'trust', { Version: V, Statement: [{ ...trustOk, Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }, null],
  ['NotPrincipal with Deny', 'key', key(ok, { Effect: 'Deny', NotPrincipal: P, Action: 'kms:*', Resource: '*' }), null],
  ['NotAction', 'key', withKey({ Action: undefined, NotAction: 'kms:Delete*' }), null],
  ['NotResource', 'identity', { Version: V, Statement: [{ Effect: 'Allow', Action: 'kms:*', NotResource: 'arn:aws:kms:us-west-2:111122223333:key/x' }] }, null],
  ['resource key ARN', 'key', withKey({ Resource: 'arn:aws:kms:us-west-2:111122223333:key/1234' }), null],
  ['all operator families', 'key', withKey({ Condition: {
    StringEquals: { 'kms:EncryptionContext:a': 'x' }, StringNotLike: { 'kms:RequestAlias': 'alias/*' }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
    DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, Bool: { 'aws:SecureTransport': true }, BinaryEquals: { 'aws:x': 'QQ==' }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
    ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' }, Null: { 'kms:EncryptionContextKeys': 'false' }, 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt'] },
    'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/x*' }, StringEqualsIfExists: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' }, DateLessThanEquals: { 'aws:CurrentTime': 1893456000 },
  } }), null],
  ['identity policy', 'identity', { Version: V, Statement: [idOk] }, null],
  ['trust policy', 'trust', { Version: V, Statement: [trustOk] }, null],
  ['policy variable in resource', 'identity', { Version: V, Statement: [{ ...idOk, Resource: 'arn:aws:kms:*:111122223333:alias/${aws:username}-*' }] }, null],
  // Malformed documents.
  ['not JSON', 'key', '{"Version": "2012-10-17", ', /not valid JSON/],
  ['JSON array', 'key', '[]', /JSON object/],
  ['JSON string', 'key', '"x"', /JSON object/],
  ['empty text', 'key', '', /empty/],
  ['too large', 'key', JSON.stringify({ Version: V, Statement: [{ ...ok, Sid: 'x'.repeat(33000) }] }), /maximum size/],
  ['unknown top-level element', 'key', { Version: V, Statement: [ok], Extra: 1 }, /unknown element 'Extra'/],
  ['lowercase statement element', 'key', { Version: V, statement: [ok] }, /unknown element/],
  ['missing Statement', 'key', { Version: V }, /Statement/],
  ['empty Statement list', 'key', { Version: V, Statement: [] }, /at least one statement/],
  ['unsupported version', 'key', { Version: '2012-10-18', Statement: [ok] }, /version/],
  ['numeric version', 'key', { Version: 2012, Statement: [ok] }, /version/],
  ['statement not an object', 'key', { Version: V, Statement: ['x'] }, /must be an object/],
  ['empty statement', 'key', { Version: V, Statement: [{}] }, /must not be empty/],
  ['unknown statement element', 'key', withKey({ Effects: 'Allow' }), /unknown element 'Effects'/],
  ['missing Effect', 'key', key({ Principal: P, Action: 'kms:*', Resource: '*' }), /Effect/],
  ['bad Effect', 'key', withKey({ Effect: 'Permit' }), /Effect/],
  ['lowercase Effect', 'key', withKey({ Effect: 'allow' }), /Effect/],
  ['Sid not a string', 'key', withKey({ Sid: 1 }), /Sid/],
  ['Id not a string', 'key', { Version: V, Id: 3, Statement: [ok] }, /Id/],
  ['key policy without principal', 'key', key(idOk), /Principal/],
  ['trust policy without principal', 'trust', { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, /Principal/],
  ['identity policy with principal', 'identity', { Version: V, Statement: [{ ...idOk, Principal: P }] }, /should not specify a principal/],
  ['identity policy with NotPrincipal', 'identity', { Version: V, Statement: [{ ...idOk, Effect: 'Deny', NotPrincipal: P }] }, /principal/],
  ['both Principal and NotPrincipal', 'key', withKey({ Effect: 'Deny', NotPrincipal: P }), /both Principal and NotPrincipal/],
  ['NotPrincipal with Allow', 'key', key({ Effect: 'Allow', NotPrincipal: P, Action: 'kms:*', Resource: '*' }), /Deny/],
  ['NotPrincipal in a trust policy', 'trust', { Version: V, Statement: [{ Effect: 'Deny', NotPrincipal: P, Action: 'sts:AssumeRole' }] }, /trust policy/],
  ['principal not an ARN', 'key', withKey({ Principal: { AWS: 'alice' } }), /invalid principals/],
  ['principal wildcard inside ARN', 'key', withKey({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }), /invalid principals/],
  ['principal group ARN', 'key', withKey({ Principal: { AWS: 'arn:aws:iam::111122223333:group/admins' } }), /invalid principals/],
  ['principal short account id', 'key', withKey({ Principal: { AWS: '1111' } }), /invalid principals/],
  ['principal unknown type', 'key', withKey({ Principal: { User: 'alice' } }), /invalid principals/],
  ['principal empty object', 'key', withKey({ Principal: {} }), /invalid principals/],
  ['principal empty list', 'key', withKey({ Principal: { AWS: [] } }), /invalid principals/],
  ['principal number', 'key', withKey({ Principal: { AWS: 111122223333 } }), /invalid principals/],
  ['principal plain string other than *', 'key', withKey({ Principal: 'arn:aws:iam::111122223333:root' }), /invalid principals/],
  ['missing Action', 'key', key({ Effect: 'Allow', Principal: P, Resource: '*' }), /Action or NotAction/],
  ['both Action and NotAction', 'key', withKey({ NotAction: 'kms:Encrypt' }), /both Action and NotAction/],
  ['empty Action list', 'key', withKey({ Action: [] }), /must not be empty/],
  ['Action not a string', 'key', withKey({ Action: 5 }), /list of strings/],
  ['Action without service prefix', 'key', withKey({ Action: 'Encrypt' }), /Invalid action/],
  ['Action with a space', 'key', withKey({ Action: 'kms:Encrypt Decrypt' }), /Invalid action/],
  ['missing Resource in key policy', 'key', key({ Effect: 'Allow', Principal: P, Action: 'kms:*' }), /Resource or NotResource/],
  ['missing Resource in identity policy', 'identity', { Version: V, Statement: [{ Effect: 'Allow', Action: 'kms:*' }] }, /Resource or NotResource/],
  ['Resource in a trust policy', 'trust', { Version: V, Statement: [{ ...trustOk, Resource: '*' }] }, /prohibited field Resource/],
  ['both Resource and NotResource', 'key', withKey({ NotResource: '*' }), /both Resource and NotResource/],
  ['Resource not an ARN', 'key', withKey({ Resource: 'my-key' }), /Invalid resource/],
  ['Resource short ARN', 'key', withKey({ Resource: 'arn:aws:kms' }), /Invalid resource/],
  ['Condition not an object', 'key', withKey({ Condition: 'x' }), /Condition must be an object/],
  ['unknown condition operator', 'key', withKey({ Condition: { StringEqualz: { 'kms:ViaService': 'x' } } }), /Invalid condition operator/],
  ['unknown set operator', 'key', withKey({ Condition: { 'ForSomeValues:StringEquals': { 'kms:ViaService': 'x' } } }), /Invalid condition operator/],
  ['Null with IfExists', 'key', withKey({ Condition: { NullIfExists: { 'kms:ViaService': 'true' } } }), /Invalid condition operator/],
  ['Null with a set operator', 'key', withKey({ Condition: { 'ForAnyValue:Null': { 'kms:ViaService': 'true' } } }), /Invalid condition operator/],
  ['Null value not a boolean', 'key', withKey({ Condition: { Null: { 'kms:ViaService': 'maybe' } } }), /Null condition values/],
  ['condition operator with no keys', 'key', withKey({ Condition: { StringEquals: {} } }), /must map condition keys/],
  ['condition key without prefix', 'key', withKey({ Condition: { StringEquals: { ViaService: 'x' } } }), /Invalid condition key/],
  ['condition value an object', 'key', withKey({ Condition: { StringEquals: { 'kms:ViaService': { a: 1 } } } }), /not a string/],
  ['condition value empty list', 'key', withKey({ Condition: { StringEquals: { 'kms:ViaService': [] } } }), /no values/],
  ['numeric condition value not a number', 'key', withKey({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 'soon' } } }), /Invalid value/],
  ['date condition value not a date', 'key', withKey({ Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }), /Invalid value/],
  ['IP condition value not a CIDR', 'key', withKey({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), /Invalid value/],
  ['IP condition value malformed', 'key', withKey({ Condition: { NotIpAddress: { 'aws:SourceIp': '300.1.1.1' } } }), /Invalid value/],
  ['ForAllValues with kms:EncryptionContext:* in a key policy', 'key', withKey({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } } }), /OverlyPermissiveCondition/],
  ['ForAllValues with aws:RequestTag/* in a key policy', 'key', withKey({ Condition: { 'ForAllValues:StringLike': { 'aws:RequestTag/Project': '*' } } }), /OverlyPermissiveCondition/],
  ['ForAnyValue with kms:EncryptionContext:* is accepted', 'key', withKey({ Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } } }), null],
  ['ForAllValues with kms:EncryptionContextKeys is accepted', 'key', withKey({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'Department' } } }), null],
  ['duplicate Sid in identity policy', 'identity', { Version: V, Statement: [{ ...idOk, Sid: 'a' }, { ...idOk, Sid: 'a' }] }, /unique/],
];
