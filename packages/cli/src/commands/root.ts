/** `trent root init` and `trent root rotate`: set up and move the root of trust that wraps the keyring. */
import type { Command } from 'commander';
import { loadConfig, openParts, rotateRootKey, RootKeyError, ROOT_KEY_PROVIDERS, type Config, type RootKeyProviderKind } from '@trent/server';

interface Where { dataDir?: string; databaseUrl?: string }

function configFor(o: Where): Config {
  const overrides: Partial<Config> = {};
  if (o.dataDir) overrides.dataDir = o.dataDir;
  if (o.databaseUrl) overrides.databaseUrl = o.databaseUrl;
  return loadConfig(process.env, overrides);
}

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
  const where = (c: Command) => c
    .option('--data-dir <dir>', 'data directory (TRENT_DATA_DIR)')
    .option('--database-url <url>', 'postgres:// URL (TRENT_DATABASE_URL)');

  where(root.command('init'))
    .description('create the root key (in the PKCS#11 token, when the provider is pkcs11) and the keyring it wraps')
    .action((o: Where) => refusing(async () => {
      const config = configFor(o);
      const { store, keyring } = await openParts(config, { mayCreateKey: true });
      keyring.destroy();
      await store.close();
      process.stdout.write(`root key ready: the keyring is wrapped by the '${config.rootKeyProvider}' root key provider\n`);
    }));

  where(root.command('rotate'))
    .description('re-wrap the keyring under a new root key; KMS key material is untouched. The new key comes from ' +
      'TRENT_NEW_ROOT_PASSPHRASE, TRENT_NEW_PKCS11_* (falling back to TRENT_PKCS11_*), or a new random root.key file')
    .requiredOption('--to <kind>', `the new root key provider: ${ROOT_KEY_PROVIDERS.join(', ')}`)
    .action((o: Where & { to: string }) => refusing(async () => {
      if (!(ROOT_KEY_PROVIDERS as readonly string[]).includes(o.to)) throw new RootKeyError(`--to must be one of ${ROOT_KEY_PROVIDERS.join(', ')}`);
      const r = await rotateRootKey(configFor(o), o.to as RootKeyProviderKind, process.env);
      process.stdout.write(`keyring moved from the '${r.from}' to the '${r.to}' root key: start Trent with TRENT_ROOT_KEY_PROVIDER=${r.to} from now on\n`);
    }));
}
