/** Token buckets on a hand-driven clock: figures, shares, shared crypto quotas, file overrides. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsError } from '../errors.js';
import { Quotas, THROTTLED_MESSAGE } from './limiter.js';
import { parseQuotaSetting, type QuotaSettings } from './settings.js';
import { ECC, ML_DSA, RSA, SYMMETRIC, quotasOf } from './table.js';

const aws: QuotaSettings = { source: 'aws', overrides: {}, nodes: 1 };

/** How many of `n` calls at one instant pass. */
function passing(q: Quotas, n: number, op = 'CreateKey', input: Record<string, unknown> = {}, account = '111122223333', region = 'us-east-1'): number {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try { q.charge(account, region, op, input); ok++; } catch (err) {
      assert.ok(err instanceof KmsError && err.name === 'ThrottlingException' && err.status === 400 && err.message === THROTTLED_MESSAGE);
    }
  }
  return ok;
}

test('AWS figures: CreateKey 5/s, refilled over time, per account and independent of other quotas', () => {
  let now = 0;
  const q = new Quotas(aws, 1, () => now);
  assert.equal(passing(q, 20), 5);
  assert.equal(passing(q, 50, 'DescribeKey'), 50, 'DescribeKey has its own quota (2000/s)');
  assert.equal(passing(q, 20, 'CreateKey', {}, '444455556666'), 5, 'another account has its own bucket');
  now += 200;
  assert.equal(passing(q, 20), 1, 'one token per 200 ms');
  now += 10_000;
  assert.equal(passing(q, 20), 5, 'a bucket holds at most one second');
  assert.equal(passing(q, 5000, 'ListKeys'), 500);
  assert.equal(passing(q, 5, 'GetParametersForImport'), 1);
});

test('the share of one process is the figure divided by nodes and workers, at least one request', () => {
  let now = 0;
  const q = new Quotas({ ...aws, nodes: 2 }, 2, () => now);
  assert.equal(passing(q, 100, 'CreateGrant'), 12, '50/4 = 12.5 per second');
  assert.equal(passing(q, 10, 'CreateKey'), 1, '5/4 rounds up to one request in the bucket');
  now += 800;
  assert.equal(passing(q, 10, 'CreateKey'), 1, '1.25/s: one more after 800 ms');
});

test('symmetric crypto operations share one quota that depends on the region; asymmetric ones have their own', () => {
  const q = new Quotas({ ...aws, overrides: { [SYMMETRIC]: 10, [RSA]: 3 } }, 1, () => 0);
  assert.equal(passing(q, 4, 'Encrypt') + passing(q, 4, 'GenerateDataKey') + passing(q, 4, 'GenerateMac') + passing(q, 4, 'GenerateRandom'), 10);
  assert.equal(passing(q, 5, 'Sign', { SigningAlgorithm: 'RSASSA_PSS_SHA_256' }), 3);
  assert.equal(passing(q, 5, 'Decrypt', { EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 0, 'RSA Decrypt shares the spent RSA quota');
  assert.equal(passing(q, 5, 'Sign', { SigningAlgorithm: 'ECDSA_SHA_256' }), 5, 'ECC has its own');
  const regions = new Quotas(aws, 1, () => 0);
  assert.equal(passing(regions, 30_000, 'Encrypt', {}, '1', 'ca-central-1'), 10_000);
  assert.equal(passing(regions, 30_000, 'Encrypt', {}, '1', 'eu-west-2'), 20_000);
});

test('requests map to AWS quota names', () => {
  assert.deepEqual(quotasOf('Verify', { SigningAlgorithm: 'ML_DSA_SHAKE_256' }), [ML_DSA]);
  assert.deepEqual(quotasOf('DeriveSharedSecret', {}), [ECC]);
  assert.deepEqual(quotasOf('ReEncrypt', { SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), [RSA, SYMMETRIC]);
  assert.deepEqual(quotasOf('ReEncrypt', {}), [SYMMETRIC]);
  assert.deepEqual(quotasOf('GenerateDataKeyPair', { KeyPairSpec: 'RSA_4096' }), ['GenerateDataKeyPair (RSA_4096) request rate']);
  assert.deepEqual(quotasOf('CreateAlias', {}), ['CreateAlias request rate']);
});

test('a ReEncrypt spends nothing when one of its quotas is exhausted', () => {
  const q = new Quotas({ ...aws, overrides: { [RSA]: 1, [SYMMETRIC]: 2 } }, 1, () => 0);
  const rsaToSym = { SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' };
  assert.equal(passing(q, 3, 'ReEncrypt', rsaToSym), 1);
  assert.equal(passing(q, 3, 'Encrypt'), 1, 'the refused ReEncrypts took no symmetric token');
});

test('quota files: figures replace AWS\'s, null lifts a quota, bad files are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-quotas-'));
  const file = join(dir, 'q.json');
  writeFileSync(file, JSON.stringify({ 'CreateKey request rate': 2, 'DescribeKey request rate': null }));
  const s = parseQuotaSetting(file, '1')!;
  const q = new Quotas(s, 1, () => 0);
  assert.equal(passing(q, 10), 2);
  assert.equal(passing(q, 5000, 'DescribeKey'), 5000);
  assert.equal(passing(q, 10, 'CreateAlias'), 5, 'names left out keep AWS figures');
  assert.equal(parseQuotaSetting(undefined, undefined), undefined);
  assert.equal(parseQuotaSetting('off', '3'), undefined);
  assert.equal(parseQuotaSetting('aws', undefined)?.nodes, 1);
  writeFileSync(file, JSON.stringify({ 'CreateKeys request rate': 2 }));
  assert.throws(() => parseQuotaSetting(file, '1'), /unknown quota 'CreateKeys request rate'/);
  writeFileSync(file, JSON.stringify({ 'CreateKey request rate': 0 }));
  assert.throws(() => parseQuotaSetting(file, '1'), /positive number/);
  writeFileSync(file, '[1]');
  assert.throws(() => parseQuotaSetting(file, '1'), /JSON object/);
  assert.throws(() => parseQuotaSetting(join(dir, 'missing.json'), '1'), /TRENT_QUOTAS must be off, aws or a readable JSON file/);
  assert.throws(() => parseQuotaSetting('aws', '0'), /TRENT_QUOTA_NODES/);
});
