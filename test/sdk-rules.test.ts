/** Must-fail and policy tests: commitment policies, EDK limits, encryption context rules, wrong keys, signed-suite refusal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, MultiKeyring, RawRsaKeyring, SdkError, type EncryptedDataKey, type Keyring } from '@trent/sdk';
import { aesPair, peerClient, rsa, rsaPair } from './sdk-peer.js';

/** Asserts the promise rejects with an SdkError of `code`. */
async function rejects(p: Promise<unknown>, code: string, what: string): Promise<SdkError> {
  try { await p; } catch (e) { assert.ok(e instanceof SdkError, `${what}: ${String(e)}`); assert.equal(e.code, code, `${what}: ${e.message}`); return e; }
  assert.fail(`${what}: succeeded`);
}

test('REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses non-committing messages (ours and the peer\'s) and suites', async () => {
  const { ours, theirs } = aesPair();
  const legacy = await peerClient.forbid.encrypt(theirs, Buffer.from('old'), { suiteId: 0x0178 });
  await rejects(decrypt(ours, legacy.result), 'CommitmentPolicy', 'default policy decrypting 0x0178');
  assert.equal((await decrypt(ours, legacy.result, { commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' })).plaintext.toString(), 'old');
  await rejects(encrypt(ours, 'x', { suite: 0x0378 }), 'CommitmentPolicy', 'default policy encrypting 0x0378');
  await rejects(encrypt(ours, 'x', { suite: 0x0578, commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' }), 'CommitmentPolicy', 'FORBID encrypting 0x0578');
  const def = await encrypt(ours, 'x');
  assert.equal(def.messageHeader.suite.id, 0x0578, 'default suite');
  assert.equal((await encrypt(ours, 'x', { commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' })).messageHeader.suite.id, 0x0378);
});

/** A keyring that counts unwrap attempts (a spy around a real keyring). */
function counting(inner: Keyring): Keyring & { calls: number } {
  const k = { calls: 0, onEncrypt: inner.onEncrypt.bind(inner), onDecrypt: (m: never, e: readonly EncryptedDataKey[]) => { k.calls++; return inner.onDecrypt(m, e); } };
  return k as unknown as Keyring & { calls: number };
}

test('max encrypted data keys: encrypt refuses too many, decrypt refuses before unwrapping anything', async () => {
  const a = aesPair(32, 'a'), b = aesPair(32, 'b'), c = aesPair(32, 'c');
  const multi = new MultiKeyring({ generator: a.ours, children: [b.ours, c.ours] });
  await rejects(encrypt(multi, 'x', { maxEncryptedDataKeys: 2 }), 'TooManyEncryptedDataKeys', 'encrypt with 3 EDKs, max 2');
  const msg = (await encrypt(multi, 'x', { maxEncryptedDataKeys: 3 })).result;
  const spy = counting(a.ours);
  await rejects(decrypt(spy, msg, { maxEncryptedDataKeys: 2 }), 'TooManyEncryptedDataKeys', 'decrypt with 3 EDKs, max 2');
  assert.equal(spy.calls, 0, 'no keyring was asked to unwrap');
  assert.equal((await decrypt(spy, msg, { maxEncryptedDataKeys: 3 })).plaintext.toString(), 'x');
  assert.equal(spy.calls, 1);
});

test('encryption context: reserved keys refused; decrypt-time context must match', async () => {
  const { ours } = aesPair();
  await rejects(encrypt(ours, 'x', { encryptionContext: { 'aws-crypto-public-key': 'AAAA' } }), 'EncryptionContext', 'reserved key');
  await rejects(encrypt(ours, 'x', { encryptionContext: { 'aws-crypto-anything': 'v' } }), 'EncryptionContext', 'reserved prefix');
  const msg = (await encrypt(ours, 'secret', { encryptionContext: { tenant: 'acme', purpose: 'test' } })).result;
  assert.equal((await decrypt(ours, msg, { encryptionContext: { tenant: 'acme' } })).plaintext.toString(), 'secret');
  await rejects(decrypt(ours, msg, { encryptionContext: { tenant: 'evil' } }), 'EncryptionContext', 'changed value');
  await rejects(decrypt(ours, msg, { encryptionContext: { extra: 'pair' } }), 'AuthenticationFailed', 'pair the writer did not authenticate');
});

test('wrong keys fail: other AES key with the same name, other namespace, RSA public key only', async () => {
  const { ours } = aesPair(32, 'same-name');
  const other = aesPair(32, 'same-name').ours;
  const msg = (await encrypt(ours, 'x')).result;
  await rejects(decrypt(other, msg), 'NoDecryptableKey', 'other AES key');
  const r = rsaPair('oaep-sha256').ours;
  await rejects(decrypt(r, msg), 'NoDecryptableKey', 'unrelated keyring');
  const pubOnly = new RawRsaKeyring({ keyNamespace: 'trent-test', keyName: 'rsa-oaep-sha256', padding: 'oaep-sha256', publicKey: rsa.publicKey });
  const rsaMsg = (await encrypt(pubOnly, 'public-only can encrypt')).result;
  assert.equal((await decrypt(r, rsaMsg)).plaintext.toString(), 'public-only can encrypt');
  const e = await rejects(decrypt(pubOnly, rsaMsg), 'KeyringError', 'public key only');
  assert.match(e.message, /no private key/);
});

test('refuseSigned refuses signed suites and accepts unsigned ones; Base64 input gets a specific error', async () => {
  const { ours } = aesPair();
  const signed = (await encrypt(ours, 'x')).result;
  await rejects(decrypt(ours, signed, { refuseSigned: true }), 'SignedSuiteRefused', 'signed 0x0578');
  const unsigned = (await encrypt(ours, 'x', { suite: 0x0478 })).result;
  assert.equal((await decrypt(ours, unsigned, { refuseSigned: true })).plaintext.toString(), 'x');
  const e = await rejects(decrypt(ours, Buffer.from(signed.toString('base64'))), 'MalformedMessage', 'base64 text');
  assert.match(e.message, /Base64/);
});

test('PKCS#1 v1.5: Trent\'s EDKs open in the official SDK (run with --security-revert), and tampered EDKs are refused', async (t) => {
  const { ours } = rsaPair('pkcs1');
  const pt = randomBytes(64);
  const msg = (await encrypt(ours, pt)).result;
  const { spawnSync } = await import('node:child_process');
  const script = `import * as p from '@aws-crypto/client-node'; import { readFileSync } from 'node:fs';
    const k = new p.RawRsaKeyringNode({ keyNamespace: 'trent-test', keyName: 'rsa-pkcs1', rsaKey: JSON.parse(process.env.KEYS), padding: 1 });
    const r = await p.buildClient(p.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decrypt(k, Buffer.from(process.env.MSG, 'base64'));
    process.stdout.write('PLAINTEXT=' + Buffer.from(r.plaintext).toString('hex'));`;
  const r = spawnSync(process.execPath, ['--security-revert=CVE-2023-46809', '--input-type=module', '-e', script], { env: { ...process.env, KEYS: JSON.stringify(rsa), MSG: msg.toString('base64') }, encoding: 'utf8' });
  if (/bad option|not a valid/i.test(r.stderr)) t.diagnostic('this Node has no --security-revert for CVE-2023-46809: the peer cannot be asked');
  else assert.equal(r.stdout.split('PLAINTEXT=')[1], pt.toString('hex'), r.stderr); // the flag prints a warning first
  const bad = Buffer.from(msg);
  const at = bad.indexOf(Buffer.from('rsa-pkcs1')) + 'rsa-pkcs1'.length + 2 + 10; // inside the RSA ciphertext
  bad[at]! ^= 0x40;
  await rejects(decrypt(ours, bad), 'NoDecryptableKey', 'altered PKCS#1 EDK');
});
