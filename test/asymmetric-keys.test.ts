/**
 * CreateKey for every KeySpec/KeyUsage pair, HMAC, ECDH and data key pairs against a real Trent;
 * secrets agree with openssl, private keys parse with openssl, the AWS CLI signs and fetches public keys.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeriveSharedSecretCommand, DescribeKeyCommand, DisableKeyCommand, GenerateDataKeyPairCommand, SignCommand,
  GenerateDataKeyPairWithoutPlaintextCommand, GenerateMacCommand, GetPublicKeyCommand, VerifyMacCommand,
  type DataKeyPairSpec, type KeySpec, type KeyUsageType, type KMSClient, type MacAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';
import { OpenSsl } from './helpers/openssl.js';
import { rejects } from './helpers/asym.js';

let t: Trent;
let kms: KMSClient;
const ossl = new OpenSsl();

before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

async function create(spec: string, usage?: string): Promise<string> {
  const r = await kms.send(new CreateKeyCommand({ KeySpec: spec as KeySpec, KeyUsage: usage as KeyUsageType | undefined }));
  return r.KeyMetadata!.KeyId!;
}

describe('CreateKey', () => {
  test('every allowed KeySpec/KeyUsage pair (but RSA_4096) creates a key whose DescribeKey lists its algorithms', async () => {
    const pairs: [string, string, string][] = [
      ['RSA_2048', 'SIGN_VERIFY', 'SigningAlgorithms'], ['RSA_3072', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms'],
      ['ECC_NIST_P256', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms'], ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms'],
      ['ECC_NIST_P521', 'SIGN_VERIFY', 'SigningAlgorithms'], ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms'],
      ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'SigningAlgorithms'], ['HMAC_224', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'],
      ['HMAC_256', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'], ['HMAC_384', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'],
      ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'], ['ML_DSA_65', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ];
    await Promise.all(pairs.map(async ([spec, usage, list]) => {
      const m = (await kms.send(new DescribeKeyCommand({ KeyId: await create(spec, usage) }))).KeyMetadata!;
      assert.equal(m.KeySpec, spec);
      assert.equal(m.KeyUsage, usage);
      assert.ok((m as unknown as Record<string, unknown>)[list], `${spec} lists ${list}`);
    }));
  });

  test('wrong pairs are ValidationException; KeyUsage defaults to ENCRYPT_DECRYPT as AWS; SM2 is refused outside China Regions', async () => {
    for (const [spec, usage] of [['ECC_NIST_P256', 'ENCRYPT_DECRYPT'], ['ECC_SECG_P256K1', 'KEY_AGREEMENT'], ['HMAC_256', 'SIGN_VERIFY'], ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT'], ['ML_DSA_44', 'ENCRYPT_DECRYPT'], ['RSA_2048', 'GENERATE_VERIFY_MAC'], ['RSA_2048', 'KEY_AGREEMENT']]) {
      await rejects(create(spec!, usage), 'ValidationException');
    }
    await rejects(create('HMAC_256'), 'ValidationException');
    const m = (await kms.send(new DescribeKeyCommand({ KeyId: await create('RSA_2048') }))).KeyMetadata!;
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    await rejects(create('SM2', 'SIGN_VERIFY'), 'ValidationException');
  });
});

describe('key states and dry runs', () => {
  test('a disabled key is DisabledException for Sign, GetPublicKey and GenerateMac; DryRun signs nothing', async () => {
    const sig = await create('ECC_NIST_P256', 'SIGN_VERIFY');
    await rejects(kms.send(new SignCommand({ KeyId: sig, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })), 'DryRunOperationException');
    const mac = await create('HMAC_384', 'GENERATE_VERIFY_MAC');
    await Promise.all([sig, mac].map((id) => kms.send(new DisableKeyCommand({ KeyId: id }))));
    await rejects(kms.send(new SignCommand({ KeyId: sig, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' })), 'DisabledException');
    await rejects(kms.send(new GetPublicKeyCommand({ KeyId: sig })), 'DisabledException');
    await rejects(kms.send(new GenerateMacCommand({ KeyId: mac, Message: Buffer.from('x'), MacAlgorithm: 'HMAC_SHA_384' })), 'DisabledException');
  });
});

describe('HMAC', () => {
  const SIZES: Record<string, number> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 };
  for (const [spec, len] of Object.entries(SIZES)) {
    test(`${spec}: GenerateMac/VerifyMac, tampering is KMSInvalidMacException`, async () => {
      const id = await create(spec, 'GENERATE_VERIFY_MAC');
      const alg = `HMAC_SHA_${spec.slice(5)}` as MacAlgorithmSpec;
      const msg = Buffer.from('authenticate me');
      const r = await kms.send(new GenerateMacCommand({ KeyId: id, Message: msg, MacAlgorithm: alg }));
      assert.equal(r.Mac!.length, len);
      const again = await kms.send(new GenerateMacCommand({ KeyId: id, Message: msg, MacAlgorithm: alg }));
      assert.deepEqual(again.Mac, r.Mac, 'HMAC is deterministic');
      const v = await kms.send(new VerifyMacCommand({ KeyId: id, Message: msg, Mac: r.Mac!, MacAlgorithm: alg }));
      assert.equal(v.MacValid, true);
      const bad = Buffer.from(r.Mac!); bad[0]! ^= 1;
      await rejects(kms.send(new VerifyMacCommand({ KeyId: id, Message: msg, Mac: bad, MacAlgorithm: alg })), 'KMSInvalidMacException');
      await rejects(kms.send(new VerifyMacCommand({ KeyId: id, Message: msg, Mac: r.Mac!.subarray(0, 16), MacAlgorithm: alg })), 'KMSInvalidMacException');
      await rejects(kms.send(new VerifyMacCommand({ KeyId: id, Message: Buffer.from('other'), Mac: r.Mac!, MacAlgorithm: alg })), 'KMSInvalidMacException');
    });
  }

  test('a MacAlgorithm that does not match the key, and MACs with other keys, are InvalidKeyUsageException', async () => {
    const id = await create('HMAC_256', 'GENERATE_VERIFY_MAC');
    await rejects(kms.send(new GenerateMacCommand({ KeyId: id, Message: Buffer.from('x'), MacAlgorithm: 'HMAC_SHA_512' })), 'InvalidKeyUsageException');
    await rejects(kms.send(new GenerateMacCommand({ KeyId: await create('SYMMETRIC_DEFAULT'), Message: Buffer.from('x'), MacAlgorithm: 'HMAC_SHA_256' })), 'InvalidKeyUsageException');
    await rejects(kms.send(new GetPublicKeyCommand({ KeyId: id })), 'UnsupportedOperationException');
  });
});

describe('DeriveSharedSecret (ECDH)', () => {
  for (const [spec, curve] of [['ECC_NIST_P256', 'prime256v1'], ['ECC_NIST_P384', 'secp384r1'], ['ECC_NIST_P521', 'secp521r1']]) {
    test(`${spec}: the secret equals openssl pkeyutl -derive from the other side`, async () => {
      const id = await create(spec!, 'KEY_AGREEMENT');
      await ossl.run('genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', `${spec}-mine.pem`);
      await ossl.run('pkey', '-in', `${spec}-mine.pem`, '-pubout', '-outform', 'DER', '-out', `${spec}-mine.der`);
      const r = await kms.send(new DeriveSharedSecretCommand({ KeyId: id, KeyAgreementAlgorithm: 'ECDH', PublicKey: ossl.get(`${spec}-mine.der`) }));
      assert.equal(r.KeyOrigin, 'AWS_KMS');
      const trentPub = ossl.pubPem(`${spec}-trent.pem`, (await kms.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey!);
      await ossl.run('pkeyutl', '-derive', '-inkey', `${spec}-mine.pem`, '-peerkey', trentPub, '-out', `${spec}.secret`);
      assert.deepEqual(Buffer.from(r.SharedSecret!), ossl.get(`${spec}.secret`));
    });
  }

  test('malformed keys, other curves and other key types are ValidationException; signing keys InvalidKeyUsageException', async () => {
    const id = await create('ECC_NIST_P256', 'KEY_AGREEMENT');
    const derive = (pub: Uint8Array, keyId = id) => kms.send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pub }));
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'der' });
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
    const good = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });
    const offCurve = Buffer.from(good); offCurve[offCurve.length - 1]! ^= 1; // the point no longer satisfies the curve equation
    for (const bad of [Buffer.from('not a key'), good.subarray(0, 40), offCurve, p384, ed]) await rejects(derive(bad), 'ValidationException');
    await rejects(derive(good, await create('ECC_NIST_P256', 'SIGN_VERIFY')), 'InvalidKeyUsageException');
  });
});

describe('GenerateDataKeyPair', () => {
  const SPECS: [string, string][] = [['RSA_2048', 'rsa'], ['RSA_3072', 'rsa'], ['ECC_NIST_P256', 'ec'], ['ECC_NIST_P384', 'ec'], ['ECC_NIST_P521', 'ec'], ['ECC_SECG_P256K1', 'ec'], ['ECC_NIST_EDWARDS25519', 'ed25519']];
  let sym = '';
  before(async () => { sym = await create('SYMMETRIC_DEFAULT'); });

  for (const [spec, type] of SPECS) {
    test(`${spec}: PKCS#8 private key that openssl reads, matching public key, encrypted half decrypts`, async () => {
      const ctx = { purpose: spec };
      const r = await kms.send(new GenerateDataKeyPairCommand({ KeyId: sym, KeyPairSpec: spec as DataKeyPairSpec, EncryptionContext: ctx }));
      const priv = Buffer.from(r.PrivateKeyPlaintext!);
      assert.match(await ossl.run('pkey', '-inform', 'DER', '-in', ossl.put(`${spec}.p8`, priv), '-noout', '-text'), /Private-Key|private key/i);
      const k = createPrivateKey({ key: priv, format: 'der', type: 'pkcs8' });
      assert.equal(k.asymmetricKeyType, type);
      assert.deepEqual(createPublicKey(k).export({ type: 'spki', format: 'der' }), Buffer.from(r.PublicKey!));
      const d = await kms.send(new DecryptCommand({ CiphertextBlob: r.PrivateKeyCiphertextBlob!, EncryptionContext: ctx }));
      assert.deepEqual(Buffer.from(d.Plaintext!), priv);
      await rejects(kms.send(new DecryptCommand({ CiphertextBlob: r.PrivateKeyCiphertextBlob! })), 'InvalidCiphertextException');
    });
  }

  test('WithoutPlaintext: the encrypted private key decrypts to the public key returned', async () => {
    const r = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: sym, KeyPairSpec: 'ECC_NIST_P256' }));
    assert.equal((r as unknown as Record<string, unknown>).PrivateKeyPlaintext, undefined);
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: r.PrivateKeyCiphertextBlob! }));
    const pub = createPublicKey(createPrivateKey({ key: Buffer.from(d.Plaintext!), format: 'der', type: 'pkcs8' }));
    assert.deepEqual(pub.export({ type: 'spki', format: 'der' }), Buffer.from(r.PublicKey!));
  });

  test('SM2 outside China Regions is ValidationException; asymmetric KMS keys cannot wrap data key pairs', async () => {
    await rejects(kms.send(new GenerateDataKeyPairCommand({ KeyId: sym, KeyPairSpec: 'SM2' })), 'ValidationException');
    await rejects(kms.send(new GenerateDataKeyPairCommand({ KeyId: await create('RSA_2048', 'ENCRYPT_DECRYPT'), KeyPairSpec: 'ECC_NIST_P256' })), 'InvalidKeyUsageException');
  });
});

describe('AWS CLI', () => {
  test('aws kms sign --message fileb:// --message-type RAW and get-public-key; openssl verifies', async () => {
    const id = await create('ECC_NIST_P384', 'SIGN_VERIFY');
    ossl.put('cli.msg', 'signed through the AWS CLI\n');
    const script = [
      `aws kms get-public-key --endpoint-url "$EP" --key-id ${id} --query PublicKey --output text | base64 -d > cli.der`,
      `aws kms sign --endpoint-url "$EP" --key-id ${id} --message fileb://cli.msg --message-type RAW --signing-algorithm ECDSA_SHA_384 --query Signature --output text | base64 -d > cli.sig`,
      'openssl pkey -pubin -inform DER -in cli.der -out cli.pem',
      'openssl dgst -sha384 -verify cli.pem -signature cli.sig cli.msg',
      `aws kms verify --endpoint-url "$EP" --key-id ${id} --message fileb://cli.msg --message-type RAW --signing-algorithm ECDSA_SHA_384 --signature fileb://cli.sig --query SignatureValid`,
    ].join(' && ');
    const r = await awsShell(t, script, ossl.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Verified OK/);
    assert.match(r.stdout, /true/);
  });
});
