/**
 * The seed articles' command sequences (../shared/seeds/002_*, 003_*), run with the real AWS CLI
 * (v1), base64 and openssl exactly as written, with only `--endpoint-url $EP` added. Every output
 * is checked: files decrypt to their originals, data keys round-trip through openssl and through a
 * later Decrypt. 003's console steps (the EXTERNAL key, ImportParameters.zip, upload, delete and
 * re-import of the key material) are covered in a real browser by test/console.test.ts; its CLI-only
 * import walkthrough is in test/import.test.ts. The grant parts of the articles belong to other issues.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient, put, type CliResult } from './helpers/clients.js';

const MESSAGE = 'This is my secret message\n';

/** The directory of the real `aws` program: behind a pyenv shim each call would pay for `pyenv exec` too. */
let awsDir = '';

/** Runs a script with the AWS CLI configured for `t`, the real `aws` first on PATH. */
function sh(t: Trent, script: string, dir: string): Promise<CliResult> {
  return awsShell(t, (awsDir ? `export PATH="${awsDir}:$PATH"\n` : '') + script, dir);
}

function must(r: CliResult, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

describe('seed articles with the AWS CLI, base64 and openssl', () => {
  let t: Trent;
  let dir: string;
  let keyId: string;

  before(async () => {
    t = await startTrent();
    dir = mkdtempSync(join(tmpdir(), 'trent-seeds-'));
    put(dir, 'my_secret_message.txt', MESSAGE);
    const which = await awsShell(t, 'p=$(pyenv which aws 2>/dev/null || command -v aws) && dirname "$p"', dir);
    awsDir = which.code === 0 ? which.stdout.trim() : '';
    // 003 creates the key and its alias "mykey" in the console; here the CLI does it.
    const out = must(await sh(t, [
      'KEY=$(aws kms create-key --endpoint-url $EP --description "seed 003" --query KeyMetadata.KeyId --output text)',
      'aws kms create-alias --endpoint-url $EP --alias-name alias/mykey --target-key-id "$KEY"',
      'echo "$KEY"',
    ].join('\n'), dir), 'create-key / create-alias');
    keyId = out.trim();
    assert.match(keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  after(async () => { await t?.stop(); });

  test('003: encrypt a file under alias/mykey, base64 -d the CiphertextBlob, decrypt without a key id', async () => {
    must(await sh(t, `
aws kms encrypt --endpoint-url $EP \\
--key-id alias/mykey \\
--plaintext fileb://my_secret_message.txt \\
--query CiphertextBlob \\
--output text \\
| base64 -d > my_encrypted_secret_message.enc

aws kms decrypt --endpoint-url $EP \\
--ciphertext-blob fileb://my_encrypted_secret_message.enc \\
--query Plaintext \\
--output text \\
| base64 -d > my_decrypted_secret_message.txt
`, dir), 'encrypt / decrypt');
    const enc = readFileSync(join(dir, 'my_encrypted_secret_message.enc'));
    assert.ok(enc.length > MESSAGE.length, 'the ciphertext is longer than the message');
    assert.equal(enc.indexOf(Buffer.from('secret message')), -1, 'the ciphertext does not contain the message');
    assert.equal(readFileSync(join(dir, 'my_decrypted_secret_message.txt'), 'utf8'), MESSAGE);
    // The same bytes open with the SDK too, and name the key the alias points at.
    const kms = kmsClient(t);
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: enc }));
    assert.equal(Buffer.from(d.Plaintext!).toString('utf8'), MESSAGE);
    const k = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/mykey' }));
    assert.equal(d.KeyId, k.KeyMetadata!.Arn);
    assert.equal(k.KeyMetadata!.KeyId, keyId);
  });

  test('003: generate-data-key AES_256, decode the keys, openssl enc -kfile both ways, decrypt the data key later', async () => {
    // openssl -kfile reads the first line of the file as the password; a data key whose first byte
    // is NUL or newline is a zero-length password, which openssl refuses (against AWS too).
    let dk: { CiphertextBlob: string; Plaintext: string; KeyId: string } | undefined;
    for (let i = 0; i < 5 && !dk; i++) {
      const json = JSON.parse(must(await sh(t, 'aws kms generate-data-key --endpoint-url $EP --key-id alias/mykey --key-spec AES_256', dir), 'generate-data-key'));
      const first = Buffer.from(json.Plaintext, 'base64')[0];
      if (first !== 0x00 && first !== 0x0a) dk = json;
    }
    assert.ok(dk, 'a data key usable as an openssl -kfile password');
    assert.equal(dk.KeyId, `arn:aws:kms:${t.region}:${t.accountId}:key/${keyId}`);
    assert.equal(Buffer.from(dk.Plaintext, 'base64').length, 32);
    // Step 2: "Copy the value of the CiphertextBlob property to a file named ciphertext_datakey.base64 …"
    put(dir, 'ciphertext_datakey.base64', dk.CiphertextBlob + '\n');
    put(dir, 'plaintext_datakey.base64', dk.Plaintext + '\n');
    must(await sh(t, `
base64 -d -i plaintext_datakey.base64 > plaintext_datakey
base64 -d -i ciphertext_datakey.base64 > ciphertext_datakey

openssl enc -e -aes256 -kfile plaintext_datakey \\
-in my_secret_message.txt \\
-out my_secret_message.enc

openssl enc -d -aes256 -kfile plaintext_datakey \\
-in my_secret_message.enc \\
-out new_plaintext_message.txt

aws kms decrypt --endpoint-url $EP \\
--ciphertext-blob fileb://ciphertext_datakey \\
--query Plaintext \\
--output text | base64 -d > plaintext_datakey_2

openssl enc -d -aes256 -kfile plaintext_datakey_2 \\
-in my_secret_message.enc \\
-out new_plaintext_message_2.txt
`, dir), 'envelope sequence');
    const plainKey = readFileSync(join(dir, 'plaintext_datakey'));
    assert.deepEqual(plainKey, Buffer.from(dk.Plaintext, 'base64'));
    assert.deepEqual(readFileSync(join(dir, 'ciphertext_datakey')), Buffer.from(dk.CiphertextBlob, 'base64'));
    assert.notDeepEqual(readFileSync(join(dir, 'my_secret_message.enc')), Buffer.from(MESSAGE));
    assert.equal(readFileSync(join(dir, 'new_plaintext_message.txt'), 'utf8'), MESSAGE);
    assert.deepEqual(readFileSync(join(dir, 'plaintext_datakey_2')), plainKey, 'decrypting the data key later gives the same key');
    assert.equal(readFileSync(join(dir, 'new_plaintext_message_2.txt'), 'utf8'), MESSAGE);
  });

  test('002: generate-data-key by key id, echo | base64 --decode, openssl -k fileb://, decrypt --key-id --out text', async () => {
    const big = randomBytes(20_000).toString('base64'); // "large": over the 4096-byte KMS limit
    put(dir, 'large_file.txt', big);
    const json = JSON.parse(must(await sh(t, `aws kms generate-data-key --endpoint-url $EP --key-id ${keyId} --key-spec AES_256`, dir), 'generate-data-key'));
    assert.equal(json.KeyId, `arn:aws:kms:${t.region}:${t.accountId}:key/${keyId}`);
    const original = Buffer.from(json.Plaintext, 'base64');
    assert.equal(original.length, 32);
    // Note: openssl's -k takes a literal password, so "-k fileb://plaintext_key" keys the cipher with that
    // string, not with the file; the article's round trip still holds, and the KMS part is what is checked here.
    must(await sh(t, `
echo "${json.CiphertextBlob}" | base64 --decode > encrypted_key
echo "${json.Plaintext}" | base64 --decode > plaintext_key

openssl enc -in large_file.txt -out encrypted_large_file.txt -e -aes256 -k fileb://plaintext_key
rm plaintext_key

aws kms decrypt --endpoint-url $EP --ciphertext-blob fileb://encrypted_key --key-id ${keyId} --query Plaintext --out text | base64 --decode > plaintext_key

openssl enc -in encrypted_large_file.txt -out decrypted_large_file.txt -d -aes256 -k fileb://plaintext_key
`, dir), '002 envelope sequence');
    assert.deepEqual(readFileSync(join(dir, 'encrypted_key')), Buffer.from(json.CiphertextBlob, 'base64'));
    assert.deepEqual(readFileSync(join(dir, 'plaintext_key')), original, 'the data key decrypted later equals the one generated');
    assert.equal(readFileSync(join(dir, 'decrypted_large_file.txt'), 'utf8'), big);
  });

  test('002: encrypt --plaintext <string> and fileb://, decrypt --ciphertext-blob fileb:// | base64 --decode', async () => {
    // AWS CLI v1 (cli_binary_format legacy) sends a plain --plaintext string as its raw bytes, so the
    // plaintext that comes back is the very string typed.
    put(dir, 'plain.txt', 'file contents\n');
    const out = must(await sh(t, `
aws kms encrypt --endpoint-url $EP --key-id ${keyId} --plaintext fileb://plain.txt --query CiphertextBlob --output text | base64 --decode > f.enc
aws kms decrypt --endpoint-url $EP --key-id ${keyId} --ciphertext-blob fileb://f.enc --output text --query Plaintext | base64 --decode > f.out
aws kms encrypt --endpoint-url $EP --key-id ${keyId} --plaintext "hello world"
`, dir), 'encrypt / decrypt');
    assert.equal(readFileSync(join(dir, 'f.out'), 'utf8'), 'file contents\n');
    const direct = JSON.parse(out);
    assert.equal(direct.KeyId, `arn:aws:kms:${t.region}:${t.accountId}:key/${keyId}`);
    const d = await kmsClient(t).send(new DecryptCommand({ CiphertextBlob: Buffer.from(direct.CiphertextBlob, 'base64') }));
    assert.equal(Buffer.from(d.Plaintext!).toString('utf8'), 'hello world');
    // "aws kms decrypt --key-id <id> --ciphertext <ciphertextData>": v1 abbreviates --ciphertext to
    // --ciphertext-blob but sends the base64 text itself as the blob, so KMS (and Trent) refuse it.
    const r = await sh(t, `aws kms decrypt --endpoint-url $EP --key-id ${keyId} --ciphertext ${direct.CiphertextBlob}`, dir);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /InvalidCiphertextException/);
  });

  test('the 4096-byte limit: 4096 bytes round-trip, 4097 bytes are a ValidationException', async () => {
    const exact = randomBytes(4096);
    writeFileSync(join(dir, 'p4096.bin'), exact);
    writeFileSync(join(dir, 'p4097.bin'), randomBytes(4097));
    must(await sh(t, `
aws kms encrypt --endpoint-url $EP --key-id alias/mykey --plaintext fileb://p4096.bin --query CiphertextBlob --output text | base64 -d > p4096.enc
`, dir), '4096 bytes');
    const d = await kmsClient(t).send(new DecryptCommand({ CiphertextBlob: readFileSync(join(dir, 'p4096.enc')) }));
    assert.deepEqual(Buffer.from(d.Plaintext!), exact);
    const r = await sh(t, 'aws kms encrypt --endpoint-url $EP --key-id alias/mykey --plaintext fileb://p4097.bin', dir);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ValidationException/);
    assert.match(r.stderr, /plaintext/);
    assert.match(r.stderr, /4096/);
  });
});
