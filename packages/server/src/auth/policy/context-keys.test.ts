/**
 * The request-context helpers: encryption-context entries and keys derived from the principal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsent, lookupKey } from './context-keys.js';
import { compilePolicy, encryptionContextEntries, evaluate } from './index.js';
import { A, KEY_A, PRINCIPALS, doc } from './cases/fixtures.js';
import type { AuthzRequest } from './index.js';

test('encryptionContextEntries: lowercased condition names, values and key list as given', () => {
  assert.deepEqual(encryptionContextEntries({ AppName: 'ExampleApp', Stage: 'Prod' }), [
    ['kms:encryptioncontext:appname', 'ExampleApp'],
    ['kms:encryptioncontext:stage', 'Prod'],
    ['kms:encryptioncontextkeys', ['AppName', 'Stage']],
  ]);
  assert.deepEqual(encryptionContextEntries({}), []);
  assert.deepEqual(encryptionContextEntries(undefined), []);
});

test('encryptionContextEntries feeds evaluate directly', () => {
  const policy = compilePolicy(JSON.stringify(doc({ Effect: 'Allow', Principal: { AWS: PRINCIPALS.bob.arn }, Action: 'kms:Decrypt', Resource: '*',
    Condition: { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } } })), 'key');
  const decide = (ec?: Record<string, string>): string => evaluate({ action: 'kms:Decrypt', resource: KEY_A, resourceAccount: A, principal: PRINCIPALS.bob, context: new Map(encryptionContextEntries(ec)) }, { keyPolicy: policy, identityPolicies: [] }).decision;
  assert.equal(decide({ AppName: 'ExampleApp' }), 'Allow');
  assert.equal(decide({ appname: 'ExampleApp' }), 'ImplicitDeny');
  assert.equal(decide({ AppName: 'ExampleApp', Extra: 'x' }), 'ImplicitDeny');
  assert.equal(decide(undefined), 'ImplicitDeny');
});

test('lookupKey derives principal keys only when the context lacks them', () => {
  const req = (who: keyof typeof PRINCIPALS, context = new Map()): AuthzRequest => ({ action: 'kms:Encrypt', resource: KEY_A, resourceAccount: A, principal: PRINCIPALS[who], context });
  assert.equal(lookupKey(req('alice'), 'aws:username'), 'alice');
  assert.equal(lookupKey(req('appRole'), 'aws:username'), undefined);
  assert.equal(lookupKey(req('appRole'), 'aws:principalarn'), `arn:aws:iam::${A}:role/ExampleRole`);
  assert.equal(lookupKey(req('rootA'), 'aws:principaltype'), 'Account');
  assert.equal(lookupKey(req('carol'), 'kms:calleraccount'), '444455556666');
  assert.equal(lookupKey(req('alice'), 'aws:principaltag/department'), 'Finance');
  assert.equal(lookupKey(req('alice', new Map([['aws:username', 'override']])), 'aws:username'), 'override');
  assert.equal(isAbsent([]), true);
  assert.equal(isAbsent(''), false);
});
