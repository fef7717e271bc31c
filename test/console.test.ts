/**
 * The web console (packages/console) in Debian's Chromium against a real Trent: seed 003's console
 * steps end to end (create the EXTERNAL key in the wizard, download ImportParameters.zip, wrap with
 * openssl as written, upload, use it with the AWS CLI, delete the material, re-import), sign-in
 * errors, key actions, key policy and aliases, and that the secret access key never reaches a URL
 * or Trent's log. The static route itself: console-static.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CreateKeyCommand, DescribeKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, ListResourceTagsCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient, type CliResult } from './helpers/clients.js';
import { launchBrowser } from './helpers/browser.js';
import { decryptAgain, roundTrip, wrapKeyMaterial } from './helpers/seed003.js';

let t: Trent;
let browser: BrowserContext;
let page: Page;
/** Every URL the browser asked for, to show that no secret is ever in one. */
const urls: string[] = [];
/** CSP violations and uncaught errors in the page. */
const problems: string[] = [];
let kms: KMSClient;
/** The directory of the real `aws` program (a pyenv shim would add `pyenv exec` to every call). */
let awsDir = '';

async function sh(script: string, dir: string): Promise<CliResult> {
  return awsShell(t, (awsDir ? `export PATH="${awsDir}:$PATH"\n` : '') + script, dir);
}

async function must(script: string, dir: string): Promise<string> {
  const r = await sh(`set -e\n${script}`, dir);
  assert.equal(r.code, 0, `script failed:\n${script}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

async function signIn(secret = t.credentials.secretAccessKey): Promise<void> {
  await page.goto(`${t.endpoint}/console`);
  await page.fill('input[name=accessKeyId]', t.credentials.accessKeyId);
  await page.fill('input[name=secretAccessKey]', secret);
  await page.click('button:has-text("Sign in")');
}

const STEPS = ['Configure key', 'Add labels', 'Define key administrative permissions', 'Define key usage permissions', 'Review'];

/** The wizard's Next, then wait for step `title` (some steps check with the API before moving on). */
async function next(title: string): Promise<void> {
  await page.click('#next');
  await page.waitForSelector(`h2:text-is("${title}")`);
}

/**
 * "Download wrapping key and import token" with the choices made on the page, then extracts
 * ImportParameters.zip into `dir` (python's zipfile checks every CRC-32); returns the wrapping key's name.
 */
async function downloadParameters(dir: string, keyId: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-import-parameters')]);
  assert.equal(download.suggestedFilename(), 'ImportParameters.zip');
  await download.saveAs(join(dir, 'ImportParameters.zip'));
  await must('python3 -m zipfile -e ImportParameters.zip .', dir);
  const names = readdirSync(dir).sort();
  assert.ok(names.some((n) => new RegExp(`^importToken_${keyId}_\\d{10}$`).test(n)), names.join(' '));
  const wrappingKey = names.find((n) => new RegExp(`^wrappingKey_${keyId}_\\d{10}$`).test(n));
  assert.ok(wrappingKey, names.join(' '));
  return wrappingKey;
}

/** "Upload key material": EncryptedKeyMaterial.bin and the import token from `dir`, then wait for the tab to say Imported. */
async function upload(dir: string, expiresAt?: string): Promise<void> {
  await page.click('#show-upload');
  await page.setInputFiles('input[name=wrappedKeyMaterial]', join(dir, 'EncryptedKeyMaterial.bin'));
  await page.setInputFiles('input[name=importToken]', join(dir, readdirSync(dir).find((n) => n.startsWith('importToken_'))!));
  if (expiresAt) {
    await page.check('input[name=expiration][value=KEY_MATERIAL_EXPIRES]');
    await page.fill('input[name=validTo]', expiresAt);
  }
  await page.click('#upload-key-material');
  await page.waitForSelector('#material-status:has-text("Imported")');
  assert.equal(await page.innerText('#key-state'), 'Enabled');
}

before(async () => {
  // The article works in eu-west-1: the sign-in page offers the first served Region by default.
  t = await startTrent({ env: { TRENT_REGIONS: 'eu-west-1,us-east-1' } });
  browser = await launchBrowser();
  page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('request', (r) => urls.push(r.url()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(m.text()); });
  kms = kmsClient(t);
  const which = await awsShell(t, 'p=$(pyenv which aws 2>/dev/null || command -v aws) && dirname "$p"', tmpdir());
  awsDir = which.code === 0 ? which.stdout.trim() : '';
});

after(async () => {
  kms?.destroy();
  await browser?.close();
  await t?.stop();
});

describe('signing in', () => {
  test('a wrong secret shows the API\'s exception name and message, and nothing is kept', async () => {
    await signIn('wrong-secret-wrong-secret-wrong-secret-1234');
    const alert = await page.waitForSelector('.alert.error');
    assert.match(await alert.innerText(), /^SignatureDoesNotMatch: The request signature we calculated does not match/);
    assert.equal(await page.evaluate('sessionStorage.length + localStorage.length'), 0);
  });
});

describe('seed 003 in the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-console-'));
  let keyId = '';

  test('sign in, create the EXTERNAL key "mykey" in the wizard, download ImportParameters.zip', async () => {
    await signIn();
    await page.waitForSelector('h1:has-text("Customer managed keys")');
    assert.equal(await page.innerText('#region'), 'eu-west-1');
    await page.click('text=Create key');
    // Step 1. Configure key: Symmetric, Encrypt and decrypt, Advanced options: External, the checkbox, Single-Region.
    await page.check('input[name=keyType][value=SYMMETRIC]');
    await page.check('input[name=keyUsage][value=ENCRYPT_DECRYPT]');
    await page.click('summary:has-text("Advanced options")');
    await page.check('input[name=origin][value=EXTERNAL]');
    await page.click('#next');
    assert.match(await page.innerText('.alert.error'), /understand the implications/, 'External needs the acknowledgement');
    await page.check('text=I understand the security, availability, and durability implications of using an imported key.');
    await page.check('input[name=regionality][value=single]');
    await next('Add labels');
    // Step 2. Add labels: alias "mykey". Steps 3 and 4: defaults. Step 5: review.
    await page.fill('input[name=alias]', 'mykey');
    await next('Define key administrative permissions');
    assert.match(await page.innerText('main'), /default key policy is used/);
    await next('Define key usage permissions');
    await next('Review');
    assert.match(await page.innerText('.review'), /External[\s\S]*Single-Region[\s\S]*mykey/);
    assert.deepEqual(JSON.parse(await page.innerText('#review-policy')).Statement[0].Principal, { AWS: `arn:aws:iam::${t.accountId}:root` });
    await page.click('button:has-text("Finish")');
    // An imported key opens on its Key material tab, waiting for its material.
    await page.waitForURL(/#\/keys\/[0-9a-f-]{36}\/material$/);
    keyId = /keys\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    assert.equal(await page.innerText('#key-state'), 'PendingImport');
    await page.check('input[name=wrappingAlgorithm][value=RSAES_OAEP_SHA_1]');
    await downloadParameters(dir, keyId);
    assert.match(readFileSync(join(dir, 'README.txt'), 'utf8'), /RSAES_OAEP_SHA_1/);
  });

  test('wrap with openssl rsautl as written, upload in the console, encrypt and decrypt with the AWS CLI', async () => {
    assert.ok(keyId, 'the key was created');
    const wrappingKey = readdirSync(dir).find((n) => n.startsWith('wrappingKey_'))!;
    await must(`${wrapKeyMaterial(wrappingKey)}\nprintf 'This is my secret message' > my_secret_message.txt`, dir);
    await upload(dir);
    assert.equal(await must(roundTrip, dir), 'This is my secret message');
  });

  test('delete the key material (confirmed): decrypt fails pending import; re-import the same material: it works again', async () => {
    assert.ok(keyId, 'the key was created');
    await page.click('#show-delete');
    assert.equal(await page.isDisabled('#confirm-delete-key-material'), true, 'not before the confirmation');
    await page.check('text=Confirm that you want to delete this key material.');
    await page.click('#confirm-delete-key-material');
    await page.waitForSelector('#material-status:has-text("Pending import")');
    const failed = await sh(decryptAgain, dir);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /An error occurred \(KMSInvalidStateException\) when calling the Decrypt operation: arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36} is pending import\./);
    await upload(dir);
    await must(decryptAgain, dir);
    assert.equal(readFileSync(join(dir, 'my_decrypted_secret_message.txt'), 'utf8'), 'This is my secret message');
  });
});

describe('key actions, key policy and aliases in the console', () => {
  let keyId = '';
  const state = async (): Promise<string> => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState!;
  /** Clicks `button` and waits for the page to show `expected` as the key's state, then checks Trent agrees. */
  async function act(button: string, expected: string): Promise<void> {
    await page.click(button);
    await page.waitForSelector(`#key-state:text-is("${expected}")`);
    assert.equal(await state(), expected);
  }

  test('a KMS key from the wizard\'s defaults with a description and a tag; Disable, Enable, Schedule and Cancel key deletion', async () => {
    await page.click('nav >> text=Customer managed keys');
    await page.click('#create-key');
    await next('Add labels');
    // Step 2 refuses a taken alias before any key is made.
    await page.fill('input[name=alias]', 'mykey');
    await page.click('#next');
    assert.match(await (await page.waitForSelector('.alert.error')).innerText(), /The alias mykey is already in use/);
    await page.fill('input[name=alias]', 'console-actions');
    await page.fill('textarea[name=description]', 'made in the console');
    await page.click('button:has-text("Add tag")');
    await page.fill('input[name=tagKey]', 'team');
    await page.fill('input[name=tagValue]', 'platform');
    for (const title of STEPS.slice(2)) await next(title);
    await page.click('button:has-text("Finish")');
    await page.waitForURL(/#\/keys\/[0-9a-f-]{36}\/general$/);
    keyId = /keys\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    assert.equal(await page.innerText('#key-description'), 'made in the console');
    const meta = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/console-actions' }))).KeyMetadata!;
    assert.deepEqual([meta.KeyId, meta.Origin, meta.KeySpec, meta.MultiRegion], [keyId, 'AWS_KMS', 'SYMMETRIC_DEFAULT', false]);
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [{ TagKey: 'team', TagValue: 'platform' }]);
    await act('#disable-key', 'Disabled');
    await act('#enable-key', 'Enabled');
    await page.click('#schedule-deletion');
    await page.fill('input[name=waitingPeriod]', '7');
    assert.equal(await page.isDisabled('#confirm-schedule-deletion'), true, 'not before the confirmation');
    await page.check('input[name=confirmDeletion]');
    await act('#confirm-schedule-deletion', 'PendingDeletion');
    const days = ((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `deletion in ${days} days`);
    await act('#cancel-deletion', 'Disabled');
  });

  test('Key policy: view, a malformed edit shows the API\'s error, a good one is saved with PutKeyPolicy', async () => {
    assert.ok(keyId, 'the key was created');
    await page.click('text=Key policy');
    await page.waitForSelector('#key-policy:has-text("key-default-1")');
    await page.click('#edit-policy');
    await page.fill('#policy-text', '{"Version": "2012-10-17", "Statement": [');
    await page.click('#save-policy');
    assert.match(await (await page.waitForSelector('.alert.error')).innerText(), /^MalformedPolicyDocumentException: /);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
    policy.Statement.push({ Sid: 'console-edit', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Sign', Resource: '*' });
    await page.fill('#policy-text', JSON.stringify(policy, null, 2));
    await page.click('#save-policy');
    await page.waitForSelector('text=Key policy saved.');
    const saved = (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!;
    assert.equal(JSON.parse(saved).Statement[1].Sid, 'console-edit');
  });

  test('Aliases: a taken name shows AlreadyExistsException; add one, then delete it', async () => {
    assert.ok(keyId, 'the key was created');
    await page.click('text=Aliases');
    await page.fill('input[name=newAlias]', 'mykey');
    await page.click('#create-alias');
    assert.match(await (await page.waitForSelector('.alert.error')).innerText(), /^AlreadyExistsException: /);
    await page.fill('input[name=newAlias]', 'second');
    await page.click('#create-alias');
    await page.waitForSelector('td:text-is("second")');
    await page.click('tr:has(td:text-is("second")) >> button:has-text("Delete")');
    await page.waitForSelector('td:text-is("second")', { state: 'detached' });
    const names = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases!.map((a) => a.AliasName);
    assert.deepEqual(names, ['alias/console-actions']);
  });
});

describe('another import in the console: RSAES_OAEP_SHA_256, an RSA_3072 wrapping key, material that expires', () => {
  test('openssl pkeyutl with OAEP SHA-256 wraps for the 3072-bit key; ValidTo is the date chosen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trent-console-'));
    const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
    await page.goto(`${t.endpoint}/console/#/keys/${keyId}/material`);
    await page.check('input[name=wrappingAlgorithm][value=RSAES_OAEP_SHA_256]');
    await page.selectOption('select[name=wrappingKeySpec]', 'RSA_3072');
    const wrappingKey = await downloadParameters(dir, keyId);
    assert.match(await must(`openssl pkey -pubin -inform DER -in ${wrappingKey} -noout -text`, dir), /3072 bit/);
    await must(`openssl rand -out PlaintextKeyMaterial.bin 32
openssl pkeyutl -encrypt -pubin -keyform DER -inkey ${wrappingKey} -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin \\
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256`, dir);
    // datetime-local takes the browser's local time, as typed: ten days from now, to the minute.
    const at = new Date(Date.now() + 10 * 86_400_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await upload(dir, local);
    const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    assert.equal(m.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(m.ValidTo!.getTime(), new Date(local).getTime());
  });
});

describe('after all that', () => {
  test('the key list shows mykey; no CSP violation or page error; Sign out forgets the credentials; the secret was in no URL and no log line', async () => {
    await page.click('text=Customer managed keys');
    const row = await page.waitForSelector('tr:has(td:text-is("mykey"))');
    assert.match(await row.innerText(), /mykey\s+[0-9a-f-]{36}\s+Enabled\s+SYMMETRIC_DEFAULT\s+ENCRYPT_DECRYPT/);
    assert.deepEqual(problems, [], 'no CSP violation, no uncaught error in the page');
    // Every request the console made to Trent was an API call it meant (no stray GET /favicon.ico to the API, say).
    assert.doesNotMatch(readFileSync(t.logFile, 'utf8'), /UnknownOperationException/);
    assert.equal(await page.evaluate('localStorage.length'), 0, 'nothing in localStorage');
    await page.click('#sign-out');
    await page.waitForSelector('input[name=secretAccessKey]');
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
    const secret = t.credentials.secretAccessKey;
    assert.ok(urls.length > 10, 'requests were logged');
    for (const u of urls) assert.ok(!u.includes(secret) && !u.includes(encodeURIComponent(secret)), `secret in ${u}`);
    assert.ok(!readFileSync(t.logFile, 'utf8').includes(secret), 'secret in Trent\'s log');
  });
});
