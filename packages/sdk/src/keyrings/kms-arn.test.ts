import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edkArn, identifierMatches, parseKmsArn, regionOf } from './kms-arn.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('parses key and alias ARNs, refuses anything else', () => {
  assert.deepEqual(parseKmsArn(ARN), { partition: 'aws', region: 'us-east-1', account: '111122223333', resourceType: 'key', resourceId: '1234abcd-12ab-34cd-56ef-1234567890ab' });
  assert.equal(parseKmsArn('arn:aws-cn:kms:cn-north-1:111122223333:alias/app')?.resourceType, 'alias');
  for (const bad of ['1234abcd', 'alias/app', 'arn:aws:s3:us-east-1:1:key/x', 'arn:aws:kms:us-east-1:1:grant/x', 'arn:aws:kms::1:key/x', 'arn:aws:kms:us-east-1:1:key/']) {
    assert.equal(parseKmsArn(bad), undefined, bad);
  }
  assert.equal(regionOf(ARN), 'us-east-1');
  assert.equal(regionOf('alias/app'), undefined);
});

test('EDK provider info must be a key ARN; configured identifiers match by ARN, key id or alias', () => {
  const arn = edkArn(Buffer.from(ARN));
  assert.throws(() => edkArn(Buffer.from('arn:aws:kms:us-east-1:111122223333:alias/app')), /key ARN/);
  assert.equal(identifierMatches(ARN, arn), true);
  assert.equal(identifierMatches('1234abcd-12ab-34cd-56ef-1234567890ab', arn), true);
  assert.equal(identifierMatches('alias/app', arn), true, 'aliases are resolved by KMS');
  assert.equal(identifierMatches('ffffffff-12ab-34cd-56ef-1234567890ab', arn), false);
  assert.equal(identifierMatches(ARN.replace('111122223333', '444455556666'), arn), false);
});
