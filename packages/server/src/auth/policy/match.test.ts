/**
 * Unit tests of the matchers: globs, ARNs, IP parsing and CIDR containment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnMatcher, globMatcher, literalize, splitArn } from './match.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';

test('globMatcher: *, ?, case, regex metacharacters, literal sentinels', () => {
  assert.equal(globMatcher('kms:*', true)('KMS:Encrypt'), true);
  assert.equal(globMatcher('kms:*', false)('KMS:Encrypt'), false);
  assert.equal(globMatcher('a?c', false)('abc'), true);
  assert.equal(globMatcher('a?c', false)('ac'), false);
  assert.equal(globMatcher('a.c', false)('abc'), false);
  assert.equal(globMatcher('(x)+[y]', false)('(x)+[y]'), true);
  assert.equal(globMatcher('a*', false)('a\nb'), true);
  assert.equal(globMatcher(literalize('a*b'), false)('a*b'), true);
  assert.equal(globMatcher(literalize('a*b'), false)('axb'), false);
  assert.equal(globMatcher('x' + literalize('?') + '*', false)('x?yz'), true);
  assert.equal(globMatcher('Exact', true)('exact'), true);
  assert.equal(globMatcher('Exact', true)('exactly'), false);
});

test('splitArn keeps colons of the resource part', () => {
  assert.deepEqual(splitArn('arn:aws:s3:::b/a:b'), ['arn', 'aws', 's3', '', '', 'b/a:b']);
  assert.equal(splitArn('arn:aws:kms'), undefined);
});

test('arnMatcher: wildcards stay inside their ARN part', () => {
  const m = arnMatcher('arn:aws:kms:*:111122223333:key/*');
  assert.equal(m('arn:aws:kms:eu-west-1:111122223333:key/k1'), true);
  assert.equal(m('arn:aws:kms:eu-west-1:444455556666:key/k1'), false);
  assert.equal(m('arn:aws:kms:eu-west-1:111122223333:alias/k1'), false);
  assert.equal(arnMatcher('arn:aws:kms:us-west-2:*:key/x')('arn:aws:kms:us-west-2:1:2:key/x'), false);
  assert.equal(arnMatcher('*')('anything'), true);
  assert.equal(arnMatcher('arn:aws:kms:*')('arn:aws:kms:us-east-1:1:key/x'), true);
});

test('parseIp: IPv4, IPv6, mapped, malformed', () => {
  assert.deepEqual(parseIp('10.0.0.1'), { v6: false, value: 0x0a000001n });
  assert.deepEqual(parseIp('::ffff:10.0.0.1'), { v6: false, value: 0x0a000001n });
  assert.equal(parseIp('::1')?.value, 1n);
  assert.equal(parseIp('2001:db8::')?.value, 0x20010db8n << 96n);
  assert.equal(parseIp('1:2:3:4:5:6:7:8')?.v6, true);
  for (const bad of ['10.0.0', '10.0.0.256', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '', '1.2.3.4.5', '01234::']) assert.equal(parseIp(bad), undefined, bad);
});

test('parseCidr and cidrContains', () => {
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('10.0.0.0/8/1'), undefined);
  assert.equal(parseCidr('2001:db8::/129'), undefined);
  const net = parseCidr('10.1.0.0/16')!;
  assert.equal(cidrContains(net, '10.1.255.255'), true);
  assert.equal(cidrContains(net, '10.2.0.0'), false);
  assert.equal(cidrContains(parseCidr('10.1.2.3/8')!, '10.200.0.1'), true);
  assert.equal(cidrContains(parseCidr('::/0')!, '2001:db8::1'), true);
  assert.equal(cidrContains(parseCidr('::/0')!, '10.0.0.1'), false);
});
