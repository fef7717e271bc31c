/** The parameter rule: CloudTrail's camelCase, and nothing secret, derived from the KMS model. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudTrailDate, safeKmsValue, safeQueryParams, safeQueryValue } from './params.js';

test('KMS requests keep key id, context and algorithm in camelCase; blobs, sensitive shapes and grant tokens are dropped', () => {
  const shown = safeKmsValue('EncryptRequest', {
    KeyId: 'alias/a', Plaintext: Buffer.from('secret'), EncryptionContext: { Dept: 'Eng' }, GrantTokens: ['tok'], EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DryRun: false,
  });
  assert.deepEqual(shown, { keyId: 'alias/a', encryptionContext: { Dept: 'Eng' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT', dryRun: false });
  assert.deepEqual(safeKmsValue('GenerateDataKeyRequest', { KeyId: 'k', KeySpec: 'AES_256', NumberOfBytes: 32 }), { keyId: 'k', keySpec: 'AES_256', numberOfBytes: 32 });
  assert.deepEqual(safeKmsValue('ImportKeyMaterialRequest', { KeyId: 'k', ImportToken: 'x', EncryptedKeyMaterial: 'y', ValidTo: 0 }), { keyId: 'k', validTo: 'Jan 1, 1970, 12:00:00 AM' });
  // Nested sensitive members (XKS proxy credentials) and the key store password never show.
  const ks = safeKmsValue('CreateCustomKeyStoreRequest', { CustomKeyStoreName: 'n', KeyStorePassword: 'pw', XksProxyAuthenticationCredential: { AccessKeyId: 'a', RawSecretAccessKey: 's' } });
  assert.deepEqual(ks, { customKeyStoreName: 'n' });
});

test('KMS responses: grant tokens, private keys and plaintexts are dropped; dates as CloudTrail writes them', () => {
  assert.deepEqual(safeKmsValue('CreateGrantResponse', { GrantToken: 't', GrantId: 'g' }), { grantId: 'g' });
  const pair = safeKmsValue('GenerateDataKeyPairResponse', { PrivateKeyPlaintext: Buffer.from('p'), PrivateKeyCiphertextBlob: Buffer.from('c'), PublicKey: Buffer.from('k'), KeyId: 'arn' });
  assert.deepEqual(pair, { keyId: 'arn' });
  assert.equal(cloudTrailDate(new Date(Date.UTC(2022, 0, 4, 13, 4, 0))), 'Jan 4, 2022, 1:04:00 PM');
});

test('values of the wrong JSON type are left out rather than walked', () => {
  const deep = JSON.parse(`{"KeyId": ${'['.repeat(10_000)}${']'.repeat(10_000)}, "EncryptionContext": "x"}`);
  assert.deepEqual(safeKmsValue('EncryptRequest', deep), {});
});

test('IAM and STS: the same name rule on their own structure', () => {
  const r = safeQueryValue({ AccessKey: { AccessKeyId: 'AKIA', SecretAccessKey: 's', CreateDate: new Date(0) } });
  assert.deepEqual(r, { accessKey: { accessKeyId: 'AKIA', createDate: 'Jan 1, 1970, 12:00:00 AM' } });
  assert.deepEqual(safeQueryValue({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't' } }), {});
  assert.deepEqual(safeQueryParams(new URLSearchParams('Action=CreateLoginProfile&Version=2010-05-08&UserName=bob&Password=hunter2')), { userName: 'bob' });
});
