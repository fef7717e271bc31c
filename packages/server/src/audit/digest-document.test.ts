/** The digest document's canonical form: exact keys, order and types, or it is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.js';
import { GENESIS_HASH } from './chain.js';
import { parseDigest, serializeDigest, type DigestDocument } from './digest-document.js';

const DOC: DigestDocument = {
  version: 1, chainId: 'c', node: 'n:1/0', digestSeq: 1, kind: 'interval', final: false, digestTime: '2026-01-01T00:00:00.000Z',
  firstEventSeq: 1, lastEventSeq: 2, firstEventTime: '2026-01-01T00:00:00.000Z', lastEventTime: '2026-01-01T00:00:00.000Z',
  lastEventHash: GENESIS_HASH, prunedThrough: 0, previousDigestSignature: null, previousDigestHash: null,
  signingKeyId: 'audit-signing-key-1', signingAlgorithm: 'ECDSA_SHA_256',
};

test('serialises in the documented key order and reads back only that exact text', () => {
  const text = serializeDigest({ ...DOC });
  assert.ok(text.startsWith('{"version":1,"chainId":"c","node":"n:1/0","digestSeq":1,"kind":"interval","final":false,'));
  assert.ok(text.endsWith('"signingKeyId":"audit-signing-key-1","signingAlgorithm":"ECDSA_SHA_256"}'));
  assert.deepEqual(parseDigest(text), DOC);
  assert.throws(() => parseDigest(text.replace('"version":1,"chainId":"c"', '"chainId":"c","version":1')), /canonical order/);
  assert.throws(() => parseDigest(text.replace('"final":false', '"final":"no"')), /malformed final/);
  assert.throws(() => parseDigest(text.replace('{"version":1,', '{"version":1,"extra":0,')), /canonical order/);
  assert.throws(() => parseDigest(text.replace(',"chainId"', ', "chainId"')), /canonical form/);
  assert.throws(() => parseDigest('[]'), /not a JSON object/);
});

test('TRENT_AUDIT_DIGEST_INTERVAL and TRENT_AUDIT_RETENTION_DAYS: defaults, fractions, refusals', () => {
  const c = loadConfig({});
  assert.equal(c.auditDigestIntervalMs, 3_600_000);
  assert.equal(c.auditRetentionDays, undefined);
  assert.equal(loadConfig({ TRENT_AUDIT_DIGEST_INTERVAL: '1', TRENT_AUDIT_RETENTION_DAYS: '0.5' }).auditRetentionDays, 0.5);
  assert.throws(() => loadConfig({ TRENT_AUDIT_DIGEST_INTERVAL: '0' }), /TRENT_AUDIT_DIGEST_INTERVAL must be a positive number/);
  assert.throws(() => loadConfig({ TRENT_AUDIT_RETENTION_DAYS: 'forever' }), /TRENT_AUDIT_RETENTION_DAYS must be a positive number/);
});
