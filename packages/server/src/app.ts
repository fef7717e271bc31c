/** Putting the server together: store, root key, keyring, caches, first-start set-up. */
import type { Logger } from 'pino';
import { Identities } from './auth/identities.js';
import { bootstrap } from './auth/bootstrap.js';
import type { Config, RootKeyProviderKind } from './config.js';
import { applyInvalidation, type Bus, type Ctx, type Invalidation } from './context.js';
import { KeyCache } from './keys/cache.js';
import { openKeyring } from './root/boot.js';
import type { Keyring } from './root/keyring.js';
import { FileRootKey } from './root/file.js';
import { PassphraseRootKey } from './root/passphrase.js';
import { Pkcs11RootKey } from './root/pkcs11.js';
import { RootKeyError, type RootKeyProvider } from './root/provider.js';
import { dialectFor } from './store/dialects.js';
import { PgListener, pgBus } from './store/pg-bus.js';
import { DuplicateError, Store } from './store/store.js';
import { join } from 'node:path';
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { AUDIT_OFF, ChainWriter } from './audit/writer.js';
import { SqliteSink } from './audit/sqlite-sink.js';
import { startDigests } from './audit/digests.js';

/** Builds each kind of root key provider from the configuration. */
const ROOT_PROVIDERS: Record<RootKeyProviderKind, (c: Config, mayCreateKey: boolean) => RootKeyProvider> = {
  file: (c) => new FileRootKey(join(c.dataDir, 'root.key')),
  passphrase: (c) => new PassphraseRootKey(c.rootPassphrase),
  pkcs11: (c, mayCreateKey) => {
    if (!c.pkcs11) throw new RootKeyError('TRENT_PKCS11_MODULE is not set: the pkcs11 root key provider needs the PKCS#11 module path');
    return new Pkcs11RootKey(c.pkcs11, mayCreateKey);
  },
};

/** The configured root key provider; `mayCreateKey` lets a PKCS#11 provider generate its key (`trent root init`). */
export function rootProvider(config: Config, mayCreateKey = false): RootKeyProvider {
  return ROOT_PROVIDERS[config.rootKeyProvider](config, mayCreateKey);
}

/** Opens the configured store alone (running migrations), without the root key: backup and restore. */
export function openStore(config: Config): Promise<Store> {
  return Store.open(dialectFor(config));
}

/**
 * Opens the store (running migrations), the keyring and, once, the first-start set-up. The root key
 * provider is closed again at once: it is needed only to unwrap the keyring.
 */
export async function openParts(config: Config, opts: { mayCreateKey?: boolean } = {}): Promise<{ store: Store; keyring: Keyring }> {
  const store = await openStore(config);
  const root = rootProvider(config, opts.mayCreateKey);
  try {
    const keyring = await openKeyring(store, root);
    await firstStart(store, keyring, config);
    return { store, keyring };
  } catch (err) {
    await store.close();
    throw err;
  } finally {
    await root.close();
  }
}

/**
 * The first-start set-up, once per store. Nodes starting together on an empty database race for it:
 * the loser (a duplicate account) waits for the winner's set-up to become visible.
 */
async function firstStart(store: Store, keyring: Keyring, config: Config): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try { return await bootstrap(store, keyring, config); } catch (err) {
      if (!(err instanceof DuplicateError) || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Builds the context every operation receives; `makeBus` wires invalidations for this process. */
export async function createContext(config: Config, log: Logger, makeBus: (apply: (m: Invalidation) => void) => Bus): Promise<Ctx> {
  const { store, keyring } = await openParts(config);
  const keys = new KeyCache(store, keyring);
  const identities = new Identities(store, keyring);
  const apply = (m: Invalidation) => applyInvalidation({ keys, identities }, m);
  let bus = makeBus(apply);
  if (config.databaseUrl) bus = await listenToOtherNodes(config.databaseUrl, bus, apply, [keys, identities], log);
  const audit = config.audit ? await startAudit(config, store, log) : AUDIT_OFF;
  startDigests({ store, keyring, log }, audit, config.auditDigestIntervalMs);
  return { config, store, keyring, keys, identities, bus, log, audit };
}

/** This process's audit chain; on SQLite its commits go through their own connection (audit/sqlite-sink.ts). */
async function startAudit(config: Config, store: Store, log: Logger): Promise<ChainWriter> {
  const sink = config.databaseUrl ? undefined : await SqliteSink.open(config.sqliteFile, config.auditSyncMs, (message) => log.error({ err: message }, 'audit log on SQLite'));
  return ChainWriter.start(store, `${hostname()}:${config.port}/${cluster.worker?.id ?? 0}`, sink);
}

/** Cache lifetimes while this node hears other nodes' changes, and while it cannot. */
export const CACHE_TTL_MS = { listening: 60_000, deaf: 1_000 };

/** On PostgreSQL: hears other nodes' invalidations (LISTEN) and tells them ours (NOTIFY). */
async function listenToOtherNodes(url: string, local: Bus, apply: (m: Invalidation) => void, caches: { ttlMs: number }[], log: Logger): Promise<Bus> {
  const setTtl = (listening: boolean) => { for (const c of caches) c.ttlMs = listening ? CACHE_TTL_MS.listening : CACHE_TTL_MS.deaf; };
  setTtl(false);
  const listener = new PgListener(url, apply, setTtl, log);
  await listener.start();
  return pgBus(local, url, listener, log);
}
