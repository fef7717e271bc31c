/** The options that say which store a maintenance command works on: a data directory or a PostgreSQL URL. */
import type { Command } from 'commander';
import { loadConfig, openStore, type Config, type Store } from '@trent/server';

/** What `withStoreOptions` adds to a command's options. */
export interface StoreOptions { dataDir?: string; databaseUrl?: string }

/** Adds --data-dir and --database-url to `cmd`. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (TRENT_DATA_DIR)')
    .option('--database-url <url>', 'postgres:// URL (TRENT_DATABASE_URL)');
}

/** The configuration from the environment, with those options applied. */
export function storeConfig(o: StoreOptions): Config {
  const overrides: Partial<Config> = {};
  if (o.dataDir) overrides.dataDir = o.dataDir;
  if (o.databaseUrl) overrides.databaseUrl = o.databaseUrl;
  return loadConfig(process.env, overrides);
}

/** Opens the store the options name, runs `fn` on it, and closes it. */
export async function withStore<T>(o: StoreOptions, fn: (s: Store, config: Config) => Promise<T>): Promise<T> {
  const config = storeConfig(o);
  const store = await openStore(config);
  try { return await fn(store, config); } finally { await store.close(); }
}
