/**
 * Trent's verification accepts what openssl signs: keys and signatures made by the openssl command
 * (random PSS salts, high-S ECDSA, its own nonces) checked through signing.ts, with the key material
 * normalised by keygen.ts importMaterial exactly as ImportKeyMaterial does; importers refuse misfits.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsError } from '../api/errors.js';
import { publicKeyDer } from './asym-keys.js';
import { importMaterial } from './keygen.js';
import { mldsaPkcs8 } from './mldsa.js';
import { signMessage, verifyMessage } from './signing.js';

const dir = mkdtempSync(join(tmpdir(), 'trent-signing-'));
const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const msg = Buffer.from('openssl signed this');
writeFileSync(join(dir, 'msg'), msg);

/** An openssl-generated private key as PKCS#8 DER (key file `${name}.pem`). */
function opensslKey(name: string, genArgs: string[]): Buffer {
  ossl('genpkey', ...genArgs, '-out', `${name}.pem`);
  ossl('pkcs8', '-topk8', '-nocrypt', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`);
  return readFileSync(join(dir, `${name}.der`));
}

function refused(fn: () => unknown, name = 'IncorrectKeyMaterialException'): void {
  assert.throws(fn, (e: unknown) => e instanceof KmsError && e.name === name);
}

const HASH_SIGNED: [string, string[], string, string, string[]][] = [
  ['RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSASSA_PKCS1_V1_5_SHA_256', 'sha256', []],
  ['RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSASSA_PSS_SHA_384', 'sha384', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
  ['RSA_3072', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'], 'RSASSA_PSS_SHA_512', 'sha512', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
  ['ECC_NIST_P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ECDSA_SHA_256', 'sha256', []],
  ['ECC_NIST_P384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'ECDSA_SHA_384', 'sha384', []],
  ['ECC_NIST_P521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'ECDSA_SHA_512', 'sha512', []],
  ['ECC_SECG_P256K1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], 'ECDSA_SHA_256', 'sha256', []],
];

describe('signatures openssl makes verify in Trent, RAW and DIGEST', () => {
  HASH_SIGNED.forEach(([spec, gen, alg, hash, sigopts], i) => {
    test(`${alg} on ${spec}`, () => {
      const material = importMaterial(spec, opensslKey(`k${i}`, gen));
      for (let n = 0; n < 4; n++) { // several signatures: ECDSA high-S and low-S both occur
        ossl('dgst', `-${hash}`, ...sigopts, '-sign', `k${i}.pem`, '-out', `s${i}`, 'msg');
        const sig = readFileSync(join(dir, `s${i}`));
        assert.equal(verifyMessage(spec, material, alg, msg, 'RAW', sig), true);
        assert.equal(verifyMessage(spec, material, alg, createHash(hash).update(msg).digest(), 'DIGEST', sig), true);
        assert.equal(verifyMessage(spec, material, alg, Buffer.from('other'), 'RAW', sig), false);
      }
      // And the other way round: openssl verifies Trent's signature with the imported key's public half.
      for (const [type, input] of [['RAW', msg], ['DIGEST', createHash(hash).update(msg).digest()]] as const) {
        writeFileSync(join(dir, `t${i}`), signMessage(spec, material, alg, input, type));
        assert.match(ossl('dgst', `-${hash}`, ...sigopts, '-prverify', `k${i}.pem`, '-signature', `t${i}`, 'msg').toString(), /Verified OK/);
      }
    });
  });

  test('ED25519_SHA_512 (pure Ed25519) on an openssl key', () => {
    const material = importMaterial('ECC_NIST_EDWARDS25519', opensslKey('ed', ['-algorithm', 'ED25519']));
    ossl('pkeyutl', '-sign', '-inkey', 'ed.pem', '-rawin', '-in', 'msg', '-out', 'ed.sig');
    const sig = readFileSync(join(dir, 'ed.sig'));
    assert.equal(verifyMessage('ECC_NIST_EDWARDS25519', material, 'ED25519_SHA_512', msg, 'RAW', sig), true);
    assert.deepEqual(signMessage('ECC_NIST_EDWARDS25519', material, 'ED25519_SHA_512', msg, 'RAW'), sig, 'Ed25519 is deterministic');
  });
});

describe('importers', () => {
  test('asymmetric material must be PKCS#8 of exactly the spec', () => {
    const rsa1024 = opensslKey('r1024', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
    const p256 = opensslKey('p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    refused(() => importMaterial('RSA_2048', rsa1024));
    refused(() => importMaterial('ECC_NIST_P384', p256));
    refused(() => importMaterial('RSA_2048', p256));
    refused(() => importMaterial('ECC_NIST_EDWARDS25519', p256));
    refused(() => importMaterial('ECC_NIST_P256', randomBytes(121)));
    // `openssl pkey -outform DER` writes the traditional SEC1 form, which AWS refuses too (PKCS#8 only).
    refused(() => importMaterial('ECC_NIST_P256', ossl('pkey', '-in', 'p256.pem', '-outform', 'DER')));
    assert.deepEqual(publicKeyDer('ECC_NIST_P256', importMaterial('ECC_NIST_P256', p256)), ossl('pkey', '-in', 'p256.pem', '-pubout', '-outform', 'DER'));
  });

  test('HMAC keys of the sizes AWS accepts', () => {
    for (const [spec, min, max] of [['HMAC_224', 28, 64], ['HMAC_256', 32, 64], ['HMAC_384', 48, 128], ['HMAC_512', 64, 128]] as const) {
      assert.equal(importMaterial(spec, randomBytes(min)).length, min);
      assert.equal(importMaterial(spec, randomBytes(max)).length, max);
      refused(() => importMaterial(spec, randomBytes(min - 1)));
      refused(() => importMaterial(spec, randomBytes(max + 1)));
    }
  });

  test('ML-DSA: a 32-byte seed, or PKCS#8 of the same parameter set holding it', () => {
    const seed = randomBytes(32);
    const bare = importMaterial('ML_DSA_65', seed);
    assert.deepEqual(importMaterial('ML_DSA_65', mldsaPkcs8('ml_dsa65', seed)), bare);
    assert.deepEqual(publicKeyDer('ML_DSA_65', importMaterial('ML_DSA_65', mldsaPkcs8('ml_dsa65', seed))), publicKeyDer('ML_DSA_65', bare));
    refused(() => importMaterial('ML_DSA_44', mldsaPkcs8('ml_dsa65', seed)));
    refused(() => importMaterial('ML_DSA_44', randomBytes(31)));
  });
});
