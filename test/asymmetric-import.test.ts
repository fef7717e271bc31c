/**
 * Imported asymmetric, HMAC and ML-DSA material, made and wrapped by openssl as AWS documents it:
 * Trent verifies what openssl signs with the same private key, openssl verifies Trent's signatures,
 * and HMACs equal `openssl dgst -mac HMAC`. Skipped while the import operations (issue: lifecycle)
 * are not in the build.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateKeyCommand, GenerateMacCommand, GetParametersForImportCommand, GetPublicKeyCommand, ImportKeyMaterialCommand,
  SignCommand, VerifyCommand, type KeySpec, type KeyUsageType, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { OpenSsl } from './helpers/openssl.js';
import { rejects } from './helpers/asym.js';

let t: Trent;
let kms: KMSClient;
let importWorks = false;
const ossl = new OpenSsl();

before(async () => {
  t = await startTrent();
  kms = kmsClient(t);
  const probe = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' })).catch(() => undefined);
  importWorks = probe !== undefined;
});
after(async () => { kms?.destroy(); await t?.stop(); });

/** Creates an EXTERNAL key and imports `material` wrapped with RSA_AES_KEY_WRAP_SHA_256 by openssl. */
async function importKey(spec: string, usage: string, materialFile: string): Promise<string> {
  const id = (await kms.send(new CreateKeyCommand({ KeySpec: spec as KeySpec, KeyUsage: usage as KeyUsageType, Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: id, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_3072' }));
  const wrapPem = ossl.pubPem(`${id}.wrap.pem`, p.PublicKey!);
  const aes = randomBytes(32).toString('hex');
  // AWS's documented recipe: AES key wrap with padding (RFC 5649) of the material, then RSA-OAEP-SHA-256 of the AES key.
  await ossl.run('enc', '-id-aes256-wrap-pad', '-K', aes, '-iv', 'A65959A6', '-in', materialFile, '-out', `${id}.kwp`);
  await ossl.run('pkeyutl', '-encrypt', '-pubin', '-inkey', wrapPem, '-in', ossl.put(`${id}.aes`, Buffer.from(aes, 'hex')), '-out', `${id}.rsa`,
    '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256');
  const wrapped = Buffer.concat([ossl.get(`${id}.rsa`), ossl.get(`${id}.kwp`)]);
  await kms.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
  return id;
}

/** An openssl private key `name.pem` and its PKCS#8 DER `name.p8`, as AWS asks for import. */
async function opensslKey(name: string, ...gen: string[]): Promise<string> {
  await ossl.run('genpkey', ...gen, '-out', `${name}.pem`);
  await ossl.run('pkcs8', '-topk8', '-nocrypt', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.p8`);
  return `${name}.p8`;
}

describe('imported key material', () => {
  const CASES: [string, string[], string, string, string[]][] = [
    ['RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSASSA_PSS_SHA_256', 'sha256', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
    ['ECC_NIST_P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ECDSA_SHA_256', 'sha256', []],
  ];
  for (const [spec, gen, alg, hash, sigopts] of CASES) {
    test(`${spec}: Trent verifies openssl's signatures and openssl verifies Trent's`, async (tc) => {
      if (!importWorks) return tc.skip('ImportKeyMaterial is not in this build');
      const id = await importKey(spec, 'SIGN_VERIFY', await opensslKey(spec, ...gen));
      const pub = Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey!);
      assert.deepEqual(pub, await execPub(spec));
      const msg = ossl.put(`${spec}.msg`, 'imported and signed');
      await ossl.run('dgst', `-${hash}`, ...sigopts, '-sign', `${spec}.pem`, '-out', `${spec}.sig`, msg);
      const v = await kms.send(new VerifyCommand({ KeyId: id, Message: ossl.get(`${spec}.msg`), Signature: ossl.get(`${spec}.sig`), SigningAlgorithm: alg as 'ECDSA_SHA_256' }));
      assert.equal(v.SignatureValid, true);
      const s = await kms.send(new SignCommand({ KeyId: id, Message: ossl.get(`${spec}.msg`), SigningAlgorithm: alg as 'ECDSA_SHA_256' }));
      ossl.put(`${spec}.tsig`, s.Signature!);
      assert.match(await ossl.run('dgst', `-${hash}`, ...sigopts, '-prverify', `${spec}.pem`, '-signature', `${spec}.tsig`, msg), /Verified OK/);
    });
  }

  test('HMAC_256: GenerateMac equals openssl dgst -mac HMAC with the imported key; a short key is refused', async (tc) => {
    if (!importWorks) return tc.skip('ImportKeyMaterial is not in this build');
    const key = randomBytes(40);
    const id = await importKey('HMAC_256', 'GENERATE_VERIFY_MAC', ossl.put('hmac.key', key));
    const msg = ossl.put('hmac.msg', 'mac me');
    const out = await ossl.run('dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${key.toString('hex')}`, '-binary', '-out', 'hmac.out', msg);
    assert.equal(out, '');
    const r = await kms.send(new GenerateMacCommand({ KeyId: id, Message: ossl.get('hmac.msg'), MacAlgorithm: 'HMAC_SHA_256' }));
    assert.deepEqual(Buffer.from(r.Mac!), ossl.get('hmac.out'));
    await rejects(importKey('HMAC_256', 'GENERATE_VERIFY_MAC', ossl.put('short.key', randomBytes(16))), 'IncorrectKeyMaterialException');
  });

  test('a P-256 key imported into an ECC_NIST_P384 key is IncorrectKeyMaterialException', async (tc) => {
    if (!importWorks) return tc.skip('ImportKeyMaterial is not in this build');
    await rejects(importKey('ECC_NIST_P384', 'SIGN_VERIFY', await opensslKey('wrongcurve', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256')), 'IncorrectKeyMaterialException');
  });
});

/** The DER public key of openssl key `name.pem`. */
async function execPub(name: string): Promise<Buffer> {
  await ossl.run('pkey', '-in', `${name}.pem`, '-pubout', '-outform', 'DER', '-out', `${name}.pub.der`);
  return ossl.get(`${name}.pub.der`);
}
