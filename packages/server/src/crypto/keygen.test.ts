/** Generated material per KeySpec has the form docs/formats.md names, sync and async alike. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { canGenerate, generateMaterial, generateMaterialAsync } from './keygen.js';

const PKCS8: Record<string, (d: NodeJS.Dict<unknown>, type?: string) => boolean> = {
  RSA_2048: (d, t) => t === 'rsa' && d.modulusLength === 2048 && d.publicExponent === 65537n,
  ECC_NIST_P256: (d, t) => t === 'ec' && d.namedCurve === 'prime256v1',
  ECC_NIST_P521: (d, t) => t === 'ec' && d.namedCurve === 'secp521r1',
  ECC_SECG_P256K1: (d, t) => t === 'ec' && d.namedCurve === 'secp256k1',
  ECC_NIST_EDWARDS25519: (_d, t) => t === 'ed25519',
};

test('RSA, ECC and Ed25519 material is PKCS#8 of the spec, from both generators', async () => {
  for (const [spec, ok] of Object.entries(PKCS8)) {
    for (const der of [generateMaterial(spec), await generateMaterialAsync(spec)]) {
      const k = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      assert.ok(ok(k.asymmetricKeyDetails as NodeJS.Dict<unknown>, k.asymmetricKeyType), spec);
    }
  }
});

test('HMAC keys are as long as the digest; ML-DSA material is a 32-byte seed; SM2 cannot be generated', async () => {
  for (const [spec, len] of [['HMAC_224', 28], ['HMAC_256', 32], ['HMAC_384', 48], ['HMAC_512', 64], ['ML_DSA_44', 32], ['ML_DSA_87', 32]] as const) {
    assert.equal(generateMaterial(spec).length, len);
    assert.equal((await generateMaterialAsync(spec)).length, len);
  }
  assert.equal(canGenerate('SM2'), false);
});
