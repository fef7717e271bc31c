/**
 * `trent root rotate`: re-wraps the keyring under a new root key (file, passphrase or pkcs11, in
 * any direction). Only the one wrapped keyring row changes; no KMS key's material is touched, so
 * every ciphertext made before still decrypts. The new wrapping is proven to open before it is
 * stored; a failure before that point changes nothing.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, rootProvider } from '../app.js';
import { pkcs11Config, type Config, type RootKeyProviderKind } from '../config.js';
import { KEYRING_AAD, openKeyring } from './boot.js';
import { FileRootKey } from './file.js';
import { PassphraseRootKey } from './passphrase.js';
import { Pkcs11RootKey } from './pkcs11.js';
import { RootKeyError, type RootKeyProvider } from './provider.js';

/** TRENT_NEW_PKCS11_* settings, each falling back to its TRENT_PKCS11_* counterpart. */
function newPkcs11Env(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const s of ['MODULE', 'TOKEN_LABEL', 'SLOT', 'PIN', 'KEY_LABEL']) out[`TRENT_PKCS11_${s}`] = env[`TRENT_NEW_PKCS11_${s}`] ?? env[`TRENT_PKCS11_${s}`];
  return out;
}

/** The new root key, from TRENT_NEW_* settings; a new file root key is staged beside the old one. */
const TARGETS: Record<RootKeyProviderKind, (c: Config, env: NodeJS.ProcessEnv) => RootKeyProvider> = {
  file: (c) => new FileRootKey(join(c.dataDir, 'root.key.new')),
  passphrase: (_c, env) => {
    if (!env.TRENT_NEW_ROOT_PASSPHRASE) throw new RootKeyError('set TRENT_NEW_ROOT_PASSPHRASE to the new passphrase');
    return new PassphraseRootKey(env.TRENT_NEW_ROOT_PASSPHRASE);
  },
  pkcs11: (_c, env) => {
    const cfg = pkcs11Config(newPkcs11Env(env));
    if (!cfg) throw new RootKeyError('set TRENT_NEW_PKCS11_MODULE (or TRENT_PKCS11_MODULE) to the PKCS#11 module of the new root key');
    return new Pkcs11RootKey(cfg, true);
  },
};

/** Moves the keyring of `config`'s store from its current root key to a new one of kind `to`. */
export async function rotateRootKey(config: Config, to: RootKeyProviderKind, env: NodeJS.ProcessEnv): Promise<{ from: string; to: string }> {
  const store = await openStore(config);
  const from = rootProvider(config);
  const target = TARGETS[to](config, env);
  const staged = join(config.dataDir, 'root.key.new');
  try {
    if (!(await store.getKeyring())) throw new RootKeyError('there is no keyring to rotate yet: start Trent (or run `trent root init`) first');
    const keyring = await openKeyring(store, from);
    const plain = keyring.serialize();
    keyring.destroy();
    try {
      if (to === 'file') rmSync(staged, { force: true }); // a leftover from a run that failed before storing
      await target.open(true);
      const wrapped = await target.wrap(plain, KEYRING_AAD);
      const check = await target.unwrap(wrapped, KEYRING_AAD);
      if (!check.equals(plain)) throw new RootKeyError('the new root key did not give back the keyring; nothing was changed');
      check.fill(0);
      await store.putKeyring(target.kind, wrapped, false);
    } finally { plain.fill(0); }
    if (to === 'file') renameSync(staged, join(config.dataDir, 'root.key'));
    return { from: from.kind, to: target.kind };
  } finally {
    await Promise.all([from.close(), target.close()]);
    await store.close();
  }
}
