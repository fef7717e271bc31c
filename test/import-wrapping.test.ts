/**
 * Every wrapping algorithm and key size AWS offers for symmetric key material, wrapped with the
 * openssl commands AWS documents (pkeyutl for RSA-OAEP, `enc -id-aes256-wrap-pad` for the RFC 5649
 * half of RSA_AES_KEY_WRAP), imported with the AWS CLI, then used through the SDK.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';

let t: Trent;
let kms: KMSClient;
before(async () => { t = await startTrent(); kms = kmsClient(t); });
after(async () => { kms?.destroy(); await t?.stop(); });

const oaep = (hash: string): string => `-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:${hash} -pkeyopt rsa_mgf1_md:${hash}`;

/** openssl commands that turn PlaintextKeyMaterial.bin into EncryptedKeyMaterial.bin, per algorithm. */
const WRAP: Record<string, (hash: string) => string> = {
  RSAES_OAEP: (hash) => `openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin -inkey WrappingPublicKey.bin -keyform DER -pubin ${oaep(hash)}`,
  RSA_AES_KEY_WRAP: (hash) => `
openssl rand -out aes-key.bin 32
openssl enc -id-aes256-wrap-pad -K "$(xxd -p < aes-key.bin | tr -d '\\n')" -iv A65959A6 -in PlaintextKeyMaterial.bin -out key-material-wrapped.bin
openssl pkeyutl -encrypt -in aes-key.bin -out aes-key-wrapped.bin -inkey WrappingPublicKey.bin -keyform DER -pubin ${oaep(hash)}
cat aes-key-wrapped.bin key-material-wrapped.bin > EncryptedKeyMaterial.bin`,
};

const CASES: [algorithm: string, spec: string][] = [
  ['RSAES_OAEP_SHA_256', 'RSA_3072'],
  ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
  ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
];

for (const [algorithm, spec] of CASES) {
  test(`${algorithm} with a ${spec} wrapping key`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trent-wrap-'));
    const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
    const family = algorithm.replace(/_SHA_(1|256)$/, '');
    const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
    const script = `set -e
aws kms get-parameters-for-import --key-id ${keyId} --wrapping-algorithm ${algorithm} --wrapping-key-spec ${spec} \\
  --query '[PublicKey,ImportToken]' --output text --endpoint-url $EP > parameters.txt
cut -f1 parameters.txt | base64 -d > WrappingPublicKey.bin
cut -f2 parameters.txt | base64 -d > ImportToken.bin
openssl pkey -pubin -inform DER -in WrappingPublicKey.bin -noout -text | head -1
openssl rand -out PlaintextKeyMaterial.bin 32
${WRAP[family]!(hash)}
aws kms import-key-material --key-id ${keyId} --encrypted-key-material fileb://EncryptedKeyMaterial.bin \\
  --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE --endpoint-url $EP`;
    const r = await awsShell(t, script, dir);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`Public-Key: \\(${spec.slice(4)} bit\\)`), 'the public key is DER SubjectPublicKeyInfo of the asked size');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'Enabled');
    const ct = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(algorithm) }))).CiphertextBlob!;
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), algorithm);
  });
}
