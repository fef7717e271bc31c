/** `trent root init` and `trent root rotate`: set up and move the root of trust that wraps the keyring. */
import type { Command } from 'commander';
import { openParts, rotateRootKey, RootKeyError, ROOT_KEY_PROVIDERS, type RootKeyProviderKind } from '@trent/server';
import { storeConfig, withStoreOptions, type StoreOptions } from './store-options.js';

/** Runs `fn`, turning a root key refusal into a one-line message and exit code 2. */
async function refusing(fn: () => Promise<void>): Promise<void> {
  try { await fn(); } catch (err) {
    if (!(err instanceof RootKeyError)) throw err;
    process.stderr.write(`trent: ${err.message}\n`);
    process.exit(2);
  }
}

/** Registers `trent root`. */
export function register(program: Command): void {
  const root = program.command('root').description('the root key that wraps the keyring (TRENT_ROOT_KEY_PROVIDER and its settings)');

  withStoreOptions(root.command('init'))
    .description('create the root key (in the PKCS#11 token, when the provider is pkcs11) and the keyring it wraps')
    .action((o: StoreOptions) => refusing(async () => {
      const config = storeConfig(o);
      const { store, keyring } = await openParts(config, { mayCreateKey: true });
      keyring.destroy();
      await store.close();
      process.stdout.write(`root key ready: the keyring is wrapped by the '${config.rootKeyProvider}' root key provider\n`);
    }));

  withStoreOptions(root.command('rotate'))
    .description('re-wrap the keyring under a new root key; KMS key material is untouched. The new key comes from ' +
      'TRENT_NEW_ROOT_PASSPHRASE, TRENT_NEW_PKCS11_* (falling back to TRENT_PKCS11_*), or a new random root.key file')
    .requiredOption('--to <kind>', `the new root key provider: ${ROOT_KEY_PROVIDERS.join(', ')}`)
    .action((o: StoreOptions & { to: string }) => refusing(async () => {
      if (!(ROOT_KEY_PROVIDERS as readonly string[]).includes(o.to)) throw new RootKeyError(`--to must be one of ${ROOT_KEY_PROVIDERS.join(', ')}`);
      const r = await rotateRootKey(storeConfig(o), o.to as RootKeyProviderKind, process.env);
      process.stdout.write(`keyring moved from the '${r.from}' to the '${r.to}' root key: start Trent with TRENT_ROOT_KEY_PROVIDER=${r.to} from now on\n`);
    }));
}
