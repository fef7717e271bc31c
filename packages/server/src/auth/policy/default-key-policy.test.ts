/**
 * The default key policy's exact text, the lockout safety check, and trust-policy evaluation
 * for sts:AssumeRole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A, B, PRINCIPALS, doc, defaultKey } from './cases/fixtures.js';
import { compilePolicy, defaultKeyPolicy, evaluateTrust, lockoutCheck, parsePolicy } from './index.js';
import type { CompiledPolicy, Principal } from './index.js';

test('defaultKeyPolicy is AWS text, parses as a key policy and names only the account', () => {
  assert.equal(defaultKeyPolicy(A), defaultKey);
  const p = parsePolicy(defaultKeyPolicy(B), 'key');
  assert.deepEqual(p.statements[0]?.principal?.aws, [`arn:aws:iam::${B}:root`]);
  assert.equal(p.statements[0]?.sid, 'Enable IAM User Permissions');
});

const lockoutRows: Array<[string, object | string, Principal, boolean]> = [
  ['default policy keeps every principal of the account (delegation)', defaultKeyPolicy(A), PRINCIPALS.alice, true],
  ['default policy of another account locks alice out', defaultKeyPolicy(B), PRINCIPALS.alice, false],
  ['policy naming the caller for PutKeyPolicy', doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: 'kms:PutKeyPolicy', Resource: '*' }), PRINCIPALS.bob, true],
  ['policy naming the caller for Put*', doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: 'kms:Put*', Resource: '*' }), PRINCIPALS.bob, true],
  ['policy naming the caller for use only', doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }), PRINCIPALS.bob, false],
  ['policy naming someone else', doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: 'kms:*', Resource: '*' }), PRINCIPALS.alice, false],
  ['policy allowing the caller role', doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.adminRole.roleArn }, Action: 'kms:*', Resource: '*' }), PRINCIPALS.adminRole, true],
  ['policy denying PutKeyPolicy to everyone', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' }), PRINCIPALS.alice, false],
  ['policy with Principal "*"', doc({ Effect: 'Allow', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' }), PRINCIPALS.carol, true],
  ['root user under the default policy', defaultKeyPolicy(A), PRINCIPALS.rootA, true],
];

test(`lockoutCheck (${lockoutRows.length} rows)`, async (t) => {
  for (const [name, policy, principal, expected] of lockoutRows) {
    await t.test(name, () => {
      const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
      assert.equal(lockoutCheck(text, principal), expected);
      assert.equal(lockoutCheck(compilePolicy(text, 'key'), principal), expected);
    });
  }
});

test('lockoutCheck evaluates conditions against the given context', () => {
  const text = JSON.stringify(doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }));
  assert.equal(lockoutCheck(text, PRINCIPALS.bob), false);
  assert.equal(lockoutCheck(text, PRINCIPALS.bob, { context: new Map([['aws:securetransport', true]]) }), true);
});

const ROLE = `arn:aws:iam::${A}:role/Deploy`;
const trust = (statement: object): CompiledPolicy => compilePolicy(JSON.stringify(doc(statement)), 'trust');
const assume = (policy: CompiledPolicy, principal: Principal, identity: object[] = [], context = new Map()): string =>
  evaluateTrust(policy, { principal, context, roleArn: ROLE, roleAccount: A, identityPolicies: identity.map((p) => compilePolicy(JSON.stringify(p), 'identity')) }).decision;
const allowAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });

test('evaluateTrust: a trust policy naming a user lets it assume the role', () => {
  const p = trust({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.alice.arn }, Action: 'sts:AssumeRole' });
  assert.equal(assume(p, PRINCIPALS.alice), 'Allow');
  assert.equal(assume(p, PRINCIPALS.bob), 'ImplicitDeny');
});

test('evaluateTrust: trusting the account delegates to identity policies', () => {
  const p = trust({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' });
  assert.equal(assume(p, PRINCIPALS.bob), 'ImplicitDeny');
  assert.equal(assume(p, PRINCIPALS.bob, [allowAssume]), 'Allow');
  assert.equal(assume(p, PRINCIPALS.bob, [doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/Other` })]), 'ImplicitDeny');
  assert.equal(assume(p, PRINCIPALS.rootA), 'Allow');
});

test('evaluateTrust: cross-account needs both the trust policy and the caller identity policy', () => {
  const p = trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' });
  assert.equal(assume(p, PRINCIPALS.carol), 'ImplicitDeny');
  assert.equal(assume(p, PRINCIPALS.carol, [allowAssume]), 'Allow');
  assert.equal(assume(p, PRINCIPALS.alice, [allowAssume]), 'ImplicitDeny');
});

test('evaluateTrust: conditions, denies and other actions', () => {
  const p = compilePolicy(JSON.stringify(doc(
    { Effect: 'Allow', Principal: { AWS: PRINCIPALS.alice.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } },
    { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  )), 'trust');
  assert.equal(assume(p, PRINCIPALS.alice, [], new Map([['sts:externalid', 'ext-123']])), 'Allow');
  assert.equal(assume(p, PRINCIPALS.alice, [], new Map([['sts:externalid', 'wrong']])), 'ImplicitDeny');
  assert.equal(assume(p, PRINCIPALS.alice, [], new Map<string, string | boolean>([['sts:externalid', 'ext-123'], ['aws:securetransport', false]])), 'ExplicitDeny');
  const tag = evaluateTrust(p, { principal: PRINCIPALS.alice, context: new Map([['sts:externalid', 'ext-123']]), roleArn: ROLE, roleAccount: A, action: 'sts:TagSession' });
  assert.equal(tag.decision, 'ImplicitDeny');
});
