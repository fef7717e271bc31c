/**
 * Parse and validation: each row of cases/parse.ts either parses or throws PolicyError with
 * the expected message; plus the parsed shape and principalArns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARSE_ROWS } from './cases/parse.js';
import { PolicyError, parsePolicy, principalArns, compilePolicy } from './index.js';

test(`parse table (${PARSE_ROWS.length} rows)`, async (t) => {
  for (const [name, kind, document, error] of PARSE_ROWS) {
    const text = typeof document === 'string' ? document : JSON.stringify(document);
    await t.test(name, () => {
      if (error === null) {
        const parsed = parsePolicy(text, kind);
        assert.equal(parsed.kind, kind);
        assert.ok(parsed.statements.length > 0);
      } else {
        assert.throws(() => parsePolicy(text, kind), (e: unknown) => e instanceof PolicyError && error.test(e.message));
      }
    });
  }
});

test('parsed shape: statement object becomes a list, account id becomes a root ARN', () => {
  const p = parsePolicy(JSON.stringify({ Version: '2012-10-17', Id: 'x', Statement: { Sid: 's', Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 'kms:Encrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } } }), 'key');
  assert.equal(p.version, '2012-10-17');
  assert.equal(p.id, 'x');
  assert.equal(p.statements.length, 1);
  const s = p.statements[0]!;
  assert.equal(s.effect, 'Deny');
  assert.deepEqual(s.principal?.aws, ['arn:aws:iam::111122223333:root']);
  assert.deepEqual(s.action, ['kms:Encrypt']);
  assert.deepEqual(s.condition, { Bool: { 'aws:SecureTransport': ['false'] } });
});

test('principalArns lists every AWS principal once, from Principal and NotPrincipal', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:user/alice', '*'], Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::444455556666:role/R', 'arn:aws:iam::111122223333:user/alice'] }, Action: 'kms:*', Resource: '*' },
  ] });
  const expected = ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::444455556666:role/R'];
  assert.deepEqual(principalArns(parsePolicy(text, 'key')), expected);
  assert.deepEqual(principalArns(compilePolicy(text, 'key')), expected);
});

test('compilePolicy caches by text and kind, and still throws for a bad text', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] });
  assert.equal(compilePolicy(text, 'identity'), compilePolicy(text, 'identity'));
  assert.throws(() => compilePolicy(text, 'key'), PolicyError);
  assert.throws(() => compilePolicy('{', 'identity'), PolicyError);
});
