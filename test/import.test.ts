/**
 * Bring your own key: the import walkthrough (seeds/003) exactly as written — openssl and the AWS
 * CLI with only --endpoint-url added — then every wrapping algorithm with openssl, and the failure
 * cases, expiry by the scheduler, and several materials per key through @aws-sdk/client-kms.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand,
  GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
  type ImportKeyMaterialCommandInput, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';

let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

/** Runs a script in `dir`; fails the test with the CLI's output when it fails. */
async function sh(dir: string, script: string): Promise<string> {
  const r = await awsShell(t, `set -e\n${script}`, dir);
  assert.equal(r.code, 0, `script failed:\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

/** Creates an EXTERNAL key with the CLI and writes the wrapping key and token as the console's zip names them. */
async function externalKeyWithParameters(dir: string, algorithm: string, spec: string, alias?: string): Promise<string> {
  const keyId = (await sh(dir, 'aws kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text --endpoint-url $EP')).trim();
  if (alias) await sh(dir, `aws kms create-alias --alias-name ${alias} --target-key-id ${keyId} --endpoint-url $EP`);
  await sh(dir, `
aws kms get-parameters-for-import --key-id ${keyId} --wrapping-algorithm ${algorithm} --wrapping-key-spec ${spec} \\
  --query '[PublicKey,ImportToken]' --output text --endpoint-url $EP > parameters.txt
cut -f1 parameters.txt | base64 -d > wrappingKey_${keyId}
cut -f2 parameters.txt | base64 -d > importToken_${keyId}`);
  return keyId;
}

const importCli = (keyId: string): string => `aws kms import-key-material --key-id ${keyId} \\
  --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://importToken_${keyId} \\
  --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE --endpoint-url $EP`;

const roundTrip = `
aws kms encrypt \\
--key-id alias/mykey \\
--plaintext fileb://my_secret_message.txt \\
--query CiphertextBlob \\
--output text --endpoint-url $EP \\
| base64 -d > my_encrypted_secret_message.enc
aws kms decrypt \\
--ciphertext-blob fileb://my_encrypted_secret_message.enc \\
--query Plaintext \\
--output text --endpoint-url $EP \\
| base64 -d > my_decrypted_secret_message.txt
cat my_decrypted_secret_message.txt`;

const decryptAgain = 'aws kms decrypt --ciphertext-blob fileb://my_encrypted_secret_message.enc --query Plaintext --output text --endpoint-url $EP | base64 -d > my_decrypted_secret_message.txt';

test('the seed walkthrough: import with openssl rsautl -oaep, encrypt, delete the material, fail, re-import, decrypt again, data keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-import-'));
  const keyId = await externalKeyWithParameters(dir, 'RSAES_OAEP_SHA_1', 'RSA_2048', 'alias/mykey');
  const before = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.equal(before.KeyMetadata!.KeyState, 'PendingImport');
  assert.equal(before.KeyMetadata!.Origin, 'EXTERNAL');
  await sh(dir, `
openssl rand -out PlaintextKeyMaterial.bin 32
openssl rsautl -encrypt \\
-in PlaintextKeyMaterial.bin \\
-oaep \\
-inkey wrappingKey_${keyId} \\
-keyform DER \\
-pubin \\
-out EncryptedKeyMaterial.bin`);
  const imported = JSON.parse(await sh(dir, importCli(keyId))) as { KeyId: string; KeyMaterialId: string };
  assert.equal(imported.KeyId, before.KeyMetadata!.Arn);
  assert.match(imported.KeyMaterialId, /^[0-9a-f]{64}$/);
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(m.KeyState, 'Enabled');
  assert.equal(m.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
  assert.equal(m.CurrentKeyMaterialId, imported.KeyMaterialId);

  await sh(dir, 'printf "This is my secret message" > my_secret_message.txt');
  assert.equal(await sh(dir, roundTrip), 'This is my secret message');

  await sh(dir, `aws kms delete-imported-key-material --key-id ${keyId} --endpoint-url $EP`);
  const failed = await awsShell(t, decryptAgain, dir);
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr, /An error occurred \(KMSInvalidStateException\) when calling the Decrypt operation: arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36} is pending import\./);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'PendingImport');

  const again = JSON.parse(await sh(dir, importCli(keyId))) as { KeyMaterialId: string };
  assert.equal(again.KeyMaterialId, imported.KeyMaterialId, 'the same material has the same id');
  await sh(dir, decryptAgain);
  assert.equal(readFileSync(join(dir, 'my_decrypted_secret_message.txt'), 'utf8'), 'This is my secret message');

  // Envelope encryption with a data key, as the walkthrough ends.
  const out = await sh(dir, `
aws kms generate-data-key --key-id alias/mykey --key-spec AES_256 --endpoint-url $EP > datakey.json
python3 -c 'import json; d=json.load(open("datakey.json")); open("ciphertext_datakey.base64","w").write(d["CiphertextBlob"]); open("plaintext_datakey.base64","w").write(d["Plaintext"])'
base64 -d -i plaintext_datakey.base64 > plaintext_datakey
base64 -d -i ciphertext_datakey.base64 > ciphertext_datakey
openssl enc -e -aes256 -kfile plaintext_datakey \\
-in my_secret_message.txt \\
-out my_secret_message.enc 2>/dev/null
aws kms decrypt \\
--ciphertext-blob fileb://ciphertext_datakey \\
--query Plaintext \\
--output text --endpoint-url $EP | base64 -d > plaintext_datakey_2
openssl enc -d -aes256 -kfile plaintext_datakey_2 \\
-in my_secret_message.enc \\
-out new_plaintext_message.txt 2>/dev/null
cat new_plaintext_message.txt`);
  assert.equal(out, 'This is my secret message');
});
