import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSuite, SUITES, suiteById } from './suites.js';

test('11 suites; ids, names of the Python and JS SDKs, and reserved 0x0000', () => {
  assert.equal(SUITES.size, 11);
  assert.equal(parseSuite('0x0578').id, 0x0578);
  assert.equal(parseSuite('0478').id, 0x0478);
  assert.equal(parseSuite('AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384').id, 0x0578);
  assert.equal(parseSuite('ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY').id, 0x0478);
  assert.equal(parseSuite('ALG_AES128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256').id, 0x0214);
  assert.equal(parseSuite('aes_192_gcm_iv12_tag16').id, 0x0046);
  assert.throws(() => suiteById(0), /unknown/);
  assert.throws(() => parseSuite('rot13'), /unknown/);
  for (const s of SUITES.values()) assert.equal(s.messageFormat === 2, s.committing);
});
