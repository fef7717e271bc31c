/** RSAES-OAEP Encrypt/Decrypt/ReEncrypt against a real Trent: openssl encrypts with the public key, Trent decrypts; AWS's limits and errors. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GetPublicKeyCommand, ReEncryptCommand,
  type EncryptionAlgorithmSpec, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { OpenSsl } from './helpers/openssl.js';
import { rejects } from './helpers/asym.js';

let t: Trent;
let kms: KMSClient;
const ossl = new OpenSsl();
const ids: Record<string, string> = {};
let pem2048 = '';

before(async () => {
  t = await startTrent();
  kms = kmsClient(t);
  // One key per size: RSA_4096 generation is slow, so it is made once and only for the limits.
  await Promise.all(['RSA_2048', 'RSA_3072', 'RSA_4096'].map(async (spec) => {
    ids[spec] = (await kms.send(new CreateKeyCommand({ KeySpec: spec as 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata!.KeyId!;
  }));
  ids.SYM = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const pub = await kms.send(new GetPublicKeyCommand({ KeyId: ids.RSA_2048 }));
  assert.deepEqual(pub.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
  pem2048 = ossl.pubPem('rsa2048.pem', pub.PublicKey!);
});
after(async () => { kms?.destroy(); await t?.stop(); });

const OAEP_MD: Record<string, string> = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' };

function decrypt(keyId: string | undefined, blob: Uint8Array, alg?: string) {
  return kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: alg as EncryptionAlgorithmSpec | undefined }));
}

describe('RSAES-OAEP', () => {
  for (const alg of Object.keys(OAEP_MD)) {
    test(`${alg}: a ciphertext openssl makes with the public key decrypts; Trent's own round-trips`, async () => {
      const md = OAEP_MD[alg]!;
      const secret = Buffer.from(`openssl-made ${alg}`);
      await ossl.run('pkeyutl', '-encrypt', '-pubin', '-inkey', pem2048, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`, '-in', ossl.put(`${alg}.in`, secret), '-out', `${alg}.enc`);
      const r = await decrypt(ids.RSA_2048, ossl.get(`${alg}.enc`), alg);
      assert.deepEqual(Buffer.from(r.Plaintext!), secret);
      assert.equal(r.EncryptionAlgorithm, alg);
      assert.equal(r.KeyMaterialId, undefined);
      const enc = await kms.send(new EncryptCommand({ KeyId: ids.RSA_2048, Plaintext: Buffer.from('round trip'), EncryptionAlgorithm: alg as EncryptionAlgorithmSpec }));
      assert.equal(enc.CiphertextBlob!.length, 256, 'the raw RSA ciphertext, as AWS returns it');
      assert.equal(Buffer.from((await decrypt(ids.RSA_2048, enc.CiphertextBlob!, alg)).Plaintext!).toString(), 'round trip');
    });
  }

  test("AWS's plaintext limits per key size and algorithm", async () => {
    const LIMITS: Record<string, [number, number]> = { RSA_2048: [214, 190], RSA_3072: [342, 318], RSA_4096: [470, 446] };
    for (const [spec, [sha1, sha256]] of Object.entries(LIMITS)) {
      for (const [alg, max] of [['RSAES_OAEP_SHA_1', sha1], ['RSAES_OAEP_SHA_256', sha256]] as const) {
        const enc = await kms.send(new EncryptCommand({ KeyId: ids[spec], Plaintext: Buffer.alloc(max, 1), EncryptionAlgorithm: alg }));
        assert.equal(Buffer.from((await decrypt(ids[spec], enc.CiphertextBlob!, alg)).Plaintext!).length, max);
        await rejects(kms.send(new EncryptCommand({ KeyId: ids[spec], Plaintext: Buffer.alloc(max + 1, 1), EncryptionAlgorithm: alg })), 'ValidationException');
      }
    }
  });

  test('Decrypt of an RSA ciphertext needs KeyId and the right EncryptionAlgorithm', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: ids.RSA_2048, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    await rejects(decrypt(undefined, enc.CiphertextBlob!, 'RSAES_OAEP_SHA_256'), 'ValidationException');
    await rejects(decrypt(ids.RSA_2048, enc.CiphertextBlob!), 'InvalidKeyUsageException');
    await rejects(decrypt(ids.RSA_2048, enc.CiphertextBlob!, 'RSAES_OAEP_SHA_1'), 'InvalidCiphertextException');
    await rejects(decrypt(ids.RSA_3072, enc.CiphertextBlob!, 'RSAES_OAEP_SHA_256'), 'InvalidCiphertextException');
    const bad = Buffer.from(enc.CiphertextBlob!); bad[10]! ^= 1;
    await rejects(decrypt(ids.RSA_2048, bad, 'RSAES_OAEP_SHA_256'), 'InvalidCiphertextException');
    await rejects(decrypt(ids.SYM, enc.CiphertextBlob!, 'RSAES_OAEP_SHA_256'), 'InvalidKeyUsageException');
  });

  test('wrong purposes: symmetric algorithms on RSA keys, RSA algorithms on symmetric keys, data keys, contexts', async () => {
    await rejects(kms.send(new EncryptCommand({ KeyId: ids.RSA_2048, Plaintext: Buffer.from('x') })), 'InvalidKeyUsageException');
    await rejects(kms.send(new EncryptCommand({ KeyId: ids.SYM, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })), 'InvalidKeyUsageException');
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: ids.RSA_2048, KeySpec: 'AES_256' })), 'InvalidKeyUsageException');
    await rejects(kms.send(new EncryptCommand({ KeyId: ids.RSA_2048, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } })), 'ValidationException');
    const signing = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    await rejects(kms.send(new EncryptCommand({ KeyId: signing.KeyMetadata!.KeyId!, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })), 'InvalidKeyUsageException');
  });

  test('ReEncrypt from an RSA ciphertext to a symmetric key and back', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: ids.RSA_2048, Plaintext: Buffer.from('moving'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const toSym = await kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob!, SourceKeyId: ids.RSA_2048, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: ids.SYM }));
    assert.equal(toSym.SourceKeyMaterialId, undefined);
    assert.equal(Buffer.from((await decrypt(undefined, toSym.CiphertextBlob!)).Plaintext!).toString(), 'moving');
    const back = await kms.send(new ReEncryptCommand({ CiphertextBlob: toSym.CiphertextBlob!, DestinationKeyId: ids.RSA_3072, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    assert.equal(back.CiphertextBlob!.length, 384);
    assert.equal(Buffer.from((await decrypt(ids.RSA_3072, back.CiphertextBlob!, 'RSAES_OAEP_SHA_1')).Plaintext!).toString(), 'moving');
    await rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob!, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: ids.SYM })), 'ValidationException');
  });
});
