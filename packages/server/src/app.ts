/** Putting the server together: store, root key, keyring, caches, first-start set-up. */
import type { Logger } from 'pino';
import { Identities } from './auth/identities.js';
import { bootstrap } from './auth/bootstrap.js';
import type { Config } from './config.js';
import { applyInvalidation, type Bus, type Ctx, type Invalidation } from './context.js';
import { KeyCache } from './keys/cache.js';
import { openKeyring } from './root/boot.js';
import { FileRootKey } from './root/file.js';
import { PassphraseRootKey } from './root/passphrase.js';
import type { RootKeyProvider } from './root/provider.js';
import { sqliteDialect } from './store/dialects.js';
import { Store } from './store/store.js';
import { join } from 'node:path';

/** The configured root key provider. */
export function rootProvider(config: Config): RootKeyProvider {
  return config.rootKeyProvider === 'passphrase' ? new PassphraseRootKey(config.rootPassphrase) : new FileRootKey(join(config.dataDir, 'root.key'));
}

/** Opens the store (running migrations), the keyring and, once, the first-start set-up. */
export async function openParts(config: Config): Promise<{ store: Store; keyring: Awaited<ReturnType<typeof openKeyring>>; root: RootKeyProvider }> {
  const store = await Store.open(sqliteDialect(config.sqliteFile));
  const root = rootProvider(config);
  try {
    const keyring = await openKeyring(store, root);
    await bootstrap(store, keyring, config);
    return { store, keyring, root };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Builds the context every operation receives; `makeBus` wires invalidations for this process. */
export async function createContext(config: Config, log: Logger, makeBus: (apply: (m: Invalidation) => void) => Bus): Promise<Ctx> {
  const { store, keyring } = await openParts(config);
  const keys = new KeyCache(store, keyring);
  const identities = new Identities(store, keyring);
  const bus = makeBus((m) => applyInvalidation({ keys, identities }, m));
  return { config, store, keyring, keys, identities, bus, log };
}
