/** Sign, Verify and GetPublicKey for every signing KeySpec, proven with openssl, @noble and jose against a real Trent. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, SignCommand, VerifyCommand, type KMSClient, type MessageType, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { importSPKI, jwtVerify } from 'jose';
import { startTrent, type Trent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { OpenSsl } from './helpers/openssl.js';
import { rejects } from './helpers/asym.js';

let t: Trent;
let kms: KMSClient;
const ossl = new OpenSsl();
const keys = new Map<string, { id: string; pem: string; spki: Buffer }>();
const SPECS = ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const;

before(async () => {
  t = await startTrent();
  kms = kmsClient(t);
  await Promise.all(SPECS.map(async (spec) => {
    const k = await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' }));
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: k.KeyMetadata!.KeyId! }));
    const spki = Buffer.from(pub.PublicKey!);
    keys.set(spec, { id: k.KeyMetadata!.KeyId!, pem: ossl.pubPem(`${spec}.pem`, spki), spki });
  }));
});
after(async () => { kms?.destroy(); await t?.stop(); });

async function sign(spec: string, alg: string, message: Buffer, type: MessageType = 'RAW'): Promise<Buffer> {
  const r = await kms.send(new SignCommand({ KeyId: keys.get(spec)!.id, Message: message, SigningAlgorithm: alg as SigningAlgorithmSpec, MessageType: type }));
  assert.equal(r.SigningAlgorithm, alg);
  return Buffer.from(r.Signature!);
}

async function verify(spec: string, alg: string, message: Buffer, sig: Buffer, type: MessageType = 'RAW'): Promise<boolean> {
  const r = await kms.send(new VerifyCommand({ KeyId: keys.get(spec)!.id, Message: message, Signature: sig, SigningAlgorithm: alg as SigningAlgorithmSpec, MessageType: type }));
  return r.SignatureValid!;
}

/** openssl dgst verification arguments per hash-and-sign algorithm. */
const DGST: Record<string, { spec: string; hash: string; pss?: boolean }> = {
  RSASSA_PKCS1_V1_5_SHA_256: { spec: 'RSA_2048', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { spec: 'RSA_2048', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { spec: 'RSA_2048', hash: 'sha512' },
  RSASSA_PSS_SHA_256: { spec: 'RSA_2048', hash: 'sha256', pss: true },
  RSASSA_PSS_SHA_384: { spec: 'RSA_2048', hash: 'sha384', pss: true },
  RSASSA_PSS_SHA_512: { spec: 'RSA_2048', hash: 'sha512', pss: true },
  ECDSA_SHA_256: { spec: 'ECC_NIST_P256', hash: 'sha256' },
  ECDSA_SHA_384: { spec: 'ECC_NIST_P384', hash: 'sha384' },
  ECDSA_SHA_512: { spec: 'ECC_NIST_P521', hash: 'sha512' },
};

function opensslVerifies(alg: string, spec: string, msgFile: string, sigFile: string): Promise<number> {
  const d = DGST[alg]!;
  const pss = d.pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : [];
  return ossl.status('dgst', `-${d.hash}`, ...pss, '-verify', keys.get(spec)!.pem, '-signature', sigFile, msgFile);
}

describe('hash-and-sign algorithms (RSA, ECDSA)', () => {
  for (const [alg, d] of Object.entries(DGST)) {
    test(`${alg}: openssl verifies RAW and DIGEST signatures; Trent verifies across message types`, async () => {
      const msg = Buffer.from(`message for ${alg} ${Date.now()}`);
      const digest = createHash(d.hash).update(msg).digest();
      const raw = await sign(d.spec, alg, msg);
      const fromDigest = await sign(d.spec, alg, digest, 'DIGEST');
      const m = ossl.put(`${alg}.msg`, msg);
      assert.equal(await opensslVerifies(alg, d.spec, m, ossl.put(`${alg}.raw.sig`, raw)), 0, 'openssl rejects the RAW signature');
      assert.equal(await opensslVerifies(alg, d.spec, m, ossl.put(`${alg}.dig.sig`, fromDigest)), 0, 'openssl rejects the DIGEST signature');
      assert.equal(await verify(d.spec, alg, digest, raw, 'DIGEST'), true);
      assert.equal(await verify(d.spec, alg, msg, fromDigest, 'RAW'), true);
      // Signed as the digest, never hashed again: the digest signed as RAW is a different message.
      assert.notEqual(await opensslVerifies(alg, d.spec, ossl.put(`${alg}.dig`, digest), ossl.put(`${alg}.dig.sig2`, fromDigest)), 0);
      const bad = Buffer.from(raw); bad[bad.length - 5]! ^= 1;
      await rejects(verify(d.spec, alg, msg, bad), 'KMSInvalidSignatureException');
      await rejects(verify(d.spec, alg, Buffer.concat([msg, Buffer.from('!')]), raw), 'KMSInvalidSignatureException');
    });
  }

  test('a DIGEST of the wrong length is a ValidationException', async () => {
    await rejects(sign('ECC_NIST_P256', 'ECDSA_SHA_256', Buffer.alloc(48), 'DIGEST'), 'ValidationException');
    await rejects(sign('RSA_2048', 'RSASSA_PSS_SHA_512', Buffer.alloc(32), 'DIGEST'), 'ValidationException');
    await rejects(verify('RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384', Buffer.alloc(32), Buffer.alloc(256), 'DIGEST'), 'ValidationException');
  });

  test('secp256k1 ECDSA verifies with openssl', async () => {
    const msg = Buffer.from('bitcoin-style');
    const sig = await sign('ECC_SECG_P256K1', 'ECDSA_SHA_256', msg);
    assert.equal(await ossl.status('dgst', '-sha256', '-verify', keys.get('ECC_SECG_P256K1')!.pem, '-signature', ossl.put('k1.sig', sig), ossl.put('k1.msg', msg)), 0);
    assert.equal(await verify('ECC_SECG_P256K1', 'ECDSA_SHA_256', createHash('sha256').update(msg).digest(), sig, 'DIGEST'), true);
  });
});

describe('Ed25519', () => {
  test('ED25519_SHA_512 is pure Ed25519: openssl verifies; DIGEST is refused', async () => {
    const msg = Buffer.from('pure eddsa');
    const sig = await sign('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', msg);
    assert.equal(sig.length, 64);
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', keys.get('ECC_NIST_EDWARDS25519')!.pem, '-rawin', '-in', ossl.put('ed.msg', msg), '-sigfile', ossl.put('ed.sig', sig)];
    assert.equal(await ossl.status(...args), 0);
    assert.equal(await verify('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', msg, sig), true);
    await rejects(sign('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', createHash('sha512').update(msg).digest(), 'DIGEST'), 'ValidationException');
  });

  test('ED25519_PH_SHA_512 is Ed25519ph (RFC 8032): RAW and DIGEST agree and verify with @noble/curves', async () => {
    const msg = Buffer.from('prehashed eddsa');
    const pub = keys.get('ECC_NIST_EDWARDS25519')!.spki.subarray(-32);
    const raw = await sign('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', msg);
    const digest = createHash('sha512').update(msg).digest();
    const fromDigest = await sign('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', digest, 'DIGEST');
    assert.equal(ed25519ph.verify(raw, msg, pub), true);
    assert.equal(ed25519ph.verify(fromDigest, msg, pub), true);
    assert.deepEqual(raw, fromDigest, 'Ed25519ph is deterministic: RAW and DIGEST give one signature');
    assert.equal(await verify('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', digest, raw, 'DIGEST'), true);
    await rejects(verify('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', msg, raw), 'KMSInvalidSignatureException');
    await rejects(sign('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', Buffer.alloc(32), 'DIGEST'), 'ValidationException');
  });
});

describe('ML-DSA (FIPS 204)', () => {
  const SETS = { ML_DSA_44: ml_dsa44, ML_DSA_65: ml_dsa65, ML_DSA_87: ml_dsa87 } as const;
  const OID_TAIL = { ML_DSA_44: '3.17', ML_DSA_65: '3.18', ML_DSA_87: '3.19' } as const;
  for (const [spec, set] of Object.entries(SETS) as [keyof typeof SETS, typeof ml_dsa44][]) {
    test(`${spec}: RAW and EXTERNAL_MU signatures verify with @noble/post-quantum; the SPKI names the NIST OID`, async () => {
      const k = keys.get(spec)!;
      assert.match(await ossl.run('asn1parse', '-inform', 'DER', '-in', ossl.put(`${spec}.der`, k.spki)), new RegExp(`2\\.16\\.840\\.1\\.101\\.3\\.4\\.${OID_TAIL[spec].replace('.', '\\.')}`));
      const pub = k.spki.subarray(k.spki.length - set.lengths.publicKey!);
      const msg = Buffer.from(`post-quantum ${spec}`);
      const raw = await sign(spec, 'ML_DSA_SHAKE_256', msg);
      assert.equal(set.verify(raw, msg, pub), true);
      // μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64) for pure ML-DSA with an empty context (FIPS 204 Alg. 2, 7).
      const tr = createHash('shake256', { outputLength: 64 }).update(pub).digest();
      const mu = createHash('shake256', { outputLength: 64 }).update(tr).update(Buffer.from([0, 0])).update(msg).digest();
      const fromMu = await sign(spec, 'ML_DSA_SHAKE_256', mu, 'EXTERNAL_MU');
      assert.equal(set.verify(fromMu, msg, pub), true);
      assert.equal(await verify(spec, 'ML_DSA_SHAKE_256', mu, raw, 'EXTERNAL_MU'), true);
      assert.equal(await verify(spec, 'ML_DSA_SHAKE_256', msg, fromMu), true);
      await rejects(verify(spec, 'ML_DSA_SHAKE_256', Buffer.from('other'), raw), 'KMSInvalidSignatureException');
    });
  }

  test('ML-DSA refuses DIGEST and a μ that is not 64 bytes; EXTERNAL_MU is ML-DSA only', async () => {
    await rejects(sign('ML_DSA_44', 'ML_DSA_SHAKE_256', Buffer.alloc(32), 'DIGEST'), 'ValidationException');
    await rejects(sign('ML_DSA_44', 'ML_DSA_SHAKE_256', Buffer.alloc(63), 'EXTERNAL_MU'), 'ValidationException');
    await rejects(sign('ECC_NIST_P256', 'ECDSA_SHA_256', Buffer.alloc(64), 'EXTERNAL_MU'), 'ValidationException');
  });
});

describe('JWT through Trent verifies with jose', () => {
  const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  for (const [alg, spec, kmsAlg] of [['ES256', 'ECC_NIST_P256', 'ECDSA_SHA_256'], ['RS256', 'RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'], ['PS256', 'RSA_2048', 'RSASSA_PSS_SHA_256']] as const) {
    test(`${alg}`, async () => {
      const input = `${b64u({ alg, typ: 'JWT' })}.${b64u({ sub: 'trent', iat: Math.floor(Date.now() / 1000) })}`;
      let sig = await sign(spec, kmsAlg, Buffer.from(input));
      if (alg === 'ES256') sig = derToJose(sig, 32); // JWS wants r ‖ s, KMS returns DER (as AWS)
      const jwt = `${input}.${sig.toString('base64url')}`;
      const pem = `-----BEGIN PUBLIC KEY-----\n${keys.get(spec)!.spki.toString('base64')}\n-----END PUBLIC KEY-----`;
      const { payload } = await jwtVerify(jwt, await importSPKI(pem, alg));
      assert.equal(payload.sub, 'trent');
    });
  }
});

/** ECDSA DER (SEQUENCE of two INTEGERs) to the fixed-width r ‖ s form. */
function derToJose(der: Buffer, size: number): Buffer {
  let off = 2 + (der[1]! & 0x80 ? der[1]! & 0x7f : 0);
  const parts: Buffer[] = [];
  for (let i = 0; i < 2; i++) {
    const len = der[off + 1]!;
    let v = der.subarray(off + 2, off + 2 + len);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    parts.push(Buffer.concat([Buffer.alloc(size - v.length), v]));
    off += 2 + len;
  }
  return Buffer.concat(parts);
}

describe('wrong keys, algorithms and sizes', () => {
  test('an algorithm the key does not support, and a key of another usage, are InvalidKeyUsageException', async () => {
    await rejects(sign('ECC_NIST_P256', 'ECDSA_SHA_384', Buffer.from('x')), 'InvalidKeyUsageException');
    await rejects(sign('RSA_2048', 'ECDSA_SHA_256', Buffer.from('x')), 'InvalidKeyUsageException');
    const enc = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));
    await rejects(kms.send(new SignCommand({ KeyId: enc.KeyMetadata!.KeyId!, Message: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })), 'InvalidKeyUsageException');
    const sym = await kms.send(new CreateKeyCommand({}));
    await rejects(kms.send(new SignCommand({ KeyId: sym.KeyMetadata!.KeyId!, Message: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })), 'InvalidKeyUsageException');
    await rejects(kms.send(new GetPublicKeyCommand({ KeyId: sym.KeyMetadata!.KeyId! })), 'UnsupportedOperationException');
  });

  test('messages over 4096 bytes are a ValidationException; 4096 bytes sign', async () => {
    await rejects(sign('ECC_NIST_P256', 'ECDSA_SHA_256', Buffer.alloc(4097)), 'ValidationException');
    assert.equal(await verify('ECC_NIST_P256', 'ECDSA_SHA_256', Buffer.alloc(4096, 7), await sign('ECC_NIST_P256', 'ECDSA_SHA_256', Buffer.alloc(4096, 7))), true);
  });

  test('GetPublicKey names spec, usage and algorithms; a garbage signature is KMSInvalidSignatureException', async () => {
    const r = await kms.send(new GetPublicKeyCommand({ KeyId: keys.get('RSA_2048')!.id }));
    assert.equal(r.KeySpec, 'RSA_2048');
    assert.equal(r.KeyUsage, 'SIGN_VERIFY');
    assert.equal(r.SigningAlgorithms!.length, 6);
    assert.equal(r.EncryptionAlgorithms, undefined);
    assert.match(await ossl.run('pkey', '-pubin', '-in', keys.get('RSA_2048')!.pem, '-noout', '-text'), /Public-Key: \(2048 bit\)/);
    await rejects(verify('ECC_NIST_P384', 'ECDSA_SHA_384', Buffer.from('m'), Buffer.from('not der')), 'KMSInvalidSignatureException');
    await rejects(verify('RSA_2048', 'RSASSA_PSS_SHA_256', Buffer.from('m'), Buffer.alloc(12)), 'KMSInvalidSignatureException');
  });
});
