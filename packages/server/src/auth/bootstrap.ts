/**
 * First start: an account, an admin user with an access key, and a shared-credentials file
 * (`$TRENT_DATA_DIR/credentials`, profile `default`, mode 0600) so the AWS CLI works at once.
 */
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { random, randomAlnum } from '../crypto/random.js';
import type { Keyring } from '../root/keyring.js';
import type { Store } from '../store/store.js';
import { iamArn } from '../iam/common.js';

/** The inline policy of each account's first user: everything, as AWS's AdministratorAccess. */
const ADMIN_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** Makes a 12-digit account id. */
export function newAccountId(): string {
  const b = random(8);
  return (100000000000n + (b.readBigUInt64BE(0) % 900000000000n)).toString();
}

/** Makes an access key pair (AKIA… id, 40-character secret). */
export function newAccessKey(): { id: string; secret: string } {
  return { id: 'AKIA' + randomAlnum(16), secret: random(30).toString('base64').replace(/[+/]/g, 'x') };
}

/** Creates an account with an `admin` user and access key; returns the credentials. */
export async function createAccount(store: Store, keyring: Keyring, accountId: string, key = newAccessKey()): Promise<{ accountId: string; accessKeyId: string; secretAccessKey: string }> {
  const userId = 'AIDA' + randomAlnum(17);
  const now = Date.now();
  await store.transaction(async (tx) => {
    await tx.insertAccount(accountId);
    await tx.insertUser({ id: userId, account_id: accountId, name: 'admin', path: '/', arn: iamArn(accountId, 'user', '/', 'admin'), created_at: now });
    const sealed = keyring.seal('access_keys', key.id, 'secret_sealed', Buffer.from(key.secret, 'utf8'));
    await tx.insertAccessKey({ id: key.id, account_id: accountId, user_id: userId, secret_sealed: sealed, status: 'Active', created_at: now });
    await tx.iam.putPolicy('user_policies', userId, 'AdministratorAccess', ADMIN_POLICY);
  });
  return { accountId, accessKeyId: key.id, secretAccessKey: key.secret };
}

/** Runs the first-start set-up once; later starts only rewrite a missing credentials file. */
export async function bootstrap(store: Store, keyring: Keyring, config: Config): Promise<void> {
  const file = join(config.dataDir, 'credentials');
  let adminKey = await store.getMeta('admin_access_key_id');
  if (!adminKey) {
    const given = config.adminAccessKeyId && config.adminSecretAccessKey ? { id: config.adminAccessKeyId, secret: config.adminSecretAccessKey } : undefined;
    const creds = await createAccount(store, keyring, config.accountId ?? newAccountId(), given);
    await store.setMeta('admin_access_key_id', creds.accessKeyId);
    adminKey = creds.accessKeyId;
  }
  if (existsSync(file)) return;
  const row = await store.getAccessKey(adminKey);
  if (!row) return;
  const secret = keyring.unseal('access_keys', row.id, 'secret_sealed', row.secret_sealed).toString('utf8');
  writeFileSync(file, `[default]\naws_access_key_id = ${row.id}\naws_secret_access_key = ${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
