/** Importing key material through the SDK in tests: wrap with RSA-OAEP SHA-256 under a fresh wrapping key. */
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GetParametersForImportCommand, ImportKeyMaterialCommand, type ImportKeyMaterialCommandInput, type KMSClient } from '@aws-sdk/client-kms';
import type { Trent } from './trent.js';

/** An import token and `material` wrapped for key `keyId`. */
export async function wrapFor(kms: KMSClient, keyId: string, material: Buffer): Promise<{ ImportToken: Uint8Array; EncryptedKeyMaterial: Buffer; validTo: Date }> {
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const key = createPublicKey({ key: Buffer.from(p.PublicKey!), format: 'der', type: 'spki' });
  const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  return { ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, validTo: p.ParametersValidTo! };
}

/** Imports `material` into `keyId` (never expiring unless `extra` says otherwise); returns the KeyMaterialId. */
export async function importInto(kms: KMSClient, keyId: string, material: Buffer, extra: Partial<ImportKeyMaterialCommandInput> = {}): Promise<string> {
  const { ImportToken, EncryptedKeyMaterial } = await wrapFor(kms, keyId, material);
  const r = await kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...extra }));
  return r.KeyMaterialId!;
}

/** Asserts that `p` fails with the AWS exception `name`. */
export async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** Opens the test server's database, to move time forward as the clock would. */
export function serverDatabase(t: Trent): Database.Database {
  const db = new Database(join(t.dataDir, 'trent.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Polls `check` every 100 ms for up to 5 s. */
export async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}
