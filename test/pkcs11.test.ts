/**
 * The root key in a PKCS#11 token (SoftHSM2, set up by the test): `trent root init` creates a
 * non-extractable AES key there; Trent serves with it; a wrong PIN, a missing token or key refuses
 * to start and changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import type * as Pkcs11 from 'pkcs11js';
import { fileDigest, refusesToStart, runTrent, startTrent } from './helpers/trent.js';
import { kmsClient } from './helpers/clients.js';
import { SOFTHSM_MODULE, softHsmToken } from './helpers/softhsm.js';

/** Reads the root key's protection attributes straight from the token. */
function keyAttributes(env: Record<string, string>): { sensitive: boolean; extractable: boolean; valueLen: number } {
  process.env.SOFTHSM2_CONF = env.SOFTHSM2_CONF;
  const p = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11;
  const lib = new p.PKCS11();
  lib.load(SOFTHSM_MODULE);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === env.TRENT_PKCS11_TOKEN_LABEL)!;
    const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
    lib.C_Login(session, p.CKU_USER, env.TRENT_PKCS11_PIN!);
    lib.C_FindObjectsInit(session, [{ type: p.CKA_LABEL, value: env.TRENT_PKCS11_KEY_LABEL! }]);
    const [key] = lib.C_FindObjects(session, 2);
    lib.C_FindObjectsFinal(session);
    const a = lib.C_GetAttributeValue(session, key!, [{ type: p.CKA_SENSITIVE }, { type: p.CKA_EXTRACTABLE }, { type: p.CKA_VALUE_LEN }]);
    return { sensitive: a[0]!.value![0] === 1, extractable: a[1]!.value![0] === 1, valueLen: (a[2]!.value as Buffer).readUInt32LE(0) };
  } finally { lib.C_Finalize(); }
}

test('pkcs11 root: root init creates a non-extractable AES-256 key in the token; Trent serves with it across restarts', async () => {
  const hsm = softHsmToken();
  const env = { ...hsm, TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-hsm-')) };
  assert.match(refusesToStart(env), /no secret key labelled 'trent-root'/, 'serve never creates the HSM key by itself');
  const init = runTrent(['root', 'init'], env);
  assert.equal(init.status, 0, init.stderr);
  assert.deepEqual(keyAttributes(hsm), { sensitive: true, extractable: false, valueLen: 32 });
  let t = await startTrent({ env });
  let kms = kmsClient(t);
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const ct = (await kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('in the hsm') }))).CiphertextBlob!;
  kms.destroy();
  await t.stop();

  const db = join(env.TRENT_DATA_DIR, 'trent.db');
  const before = fileDigest(db);
  assert.match(refusesToStart({ ...env, TRENT_PKCS11_PIN: '9999' }), /wrong PKCS#11 PIN/);
  assert.match(refusesToStart({ ...env, TRENT_PKCS11_PIN: '' }), /TRENT_PKCS11_PIN is not set/);
  assert.match(refusesToStart({ ...env, TRENT_PKCS11_TOKEN_LABEL: 'no-such-token' }), /no PKCS#11 token labelled 'no-such-token'/);
  assert.match(refusesToStart({ ...env, TRENT_PKCS11_KEY_LABEL: 'no-such-key' }), /no secret key labelled 'no-such-key'/);
  assert.match(refusesToStart({ ...env, TRENT_PKCS11_MODULE: '/nonexistent/libpkcs11.so' }), /cannot load the PKCS#11 module/);
  assert.match(refusesToStart({ TRENT_DATA_DIR: env.TRENT_DATA_DIR }), /sealed under the 'pkcs11' root key provider/);
  assert.equal(fileDigest(db), before, 'a refused start changed the database');

  t = await startTrent({ env });
  kms = kmsClient(t);
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), 'in the hsm');
  kms.destroy();
  await t.stop();
});

test('pkcs11 root: another token\'s key of the same label does not open the keyring', async () => {
  const env = { ...softHsmToken(), TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-hsm-')) };
  assert.equal(runTrent(['root', 'init'], env).status, 0);
  const other = softHsmToken();
  assert.equal(runTrent(['root', 'init'], { ...other, TRENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'trent-hsm-')) }).status, 0);
  const db = join(env.TRENT_DATA_DIR, 'trent.db');
  const before = fileDigest(db);
  assert.match(refusesToStart({ ...env, SOFTHSM2_CONF: other.SOFTHSM2_CONF }), /sealed under another root key/);
  assert.equal(fileDigest(db), before);
});
