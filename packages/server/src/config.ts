/** Server settings: environment variables, overridden by `trent serve` flags. */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** The regions this deployment serves; keys belong to the region of the request's credential scope. */
  regions: string[];
  rootKeyProvider: 'file' | 'passphrase';
  rootPassphrase?: string;
  tlsCert?: string;
  tlsKey?: string;
  workers: number;
  /** SQLite file (the default store). */
  sqliteFile: string;
  accountId?: string;
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
  /** How often the scheduler looks for due work, in milliseconds. */
  schedulerIntervalMs: number;
  logLevel: string;
}

/** Reads the configuration from `env` with `overrides` (flags) taking precedence. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? env.TRENT_DATA_DIR ?? '.trent');
  const provider = overrides.rootKeyProvider ?? env.TRENT_ROOT_KEY_PROVIDER ?? 'file';
  if (provider !== 'file' && provider !== 'passphrase') throw new Error(`TRENT_ROOT_KEY_PROVIDER must be 'file' or 'passphrase', not '${provider}'`);
  const regions = (overrides.regions ?? (env.TRENT_REGIONS ?? 'us-east-1').split(',')).map((r) => r.trim()).filter(Boolean);
  const port = Number(overrides.port ?? env.TRENT_PORT ?? 4747);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`TRENT_PORT must be a port number, not '${env.TRENT_PORT}'`);
  return {
    host: overrides.host ?? env.TRENT_HOST ?? '127.0.0.1',
    port,
    dataDir,
    regions,
    rootKeyProvider: provider,
    rootPassphrase: overrides.rootPassphrase ?? env.TRENT_ROOT_PASSPHRASE,
    tlsCert: overrides.tlsCert ?? env.TRENT_TLS_CERT,
    tlsKey: overrides.tlsKey ?? env.TRENT_TLS_KEY,
    workers: Number(overrides.workers ?? env.TRENT_WORKERS ?? availableParallelism()),
    sqliteFile: join(dataDir, 'trent.db'),
    accountId: env.TRENT_ACCOUNT_ID,
    adminAccessKeyId: env.TRENT_ADMIN_ACCESS_KEY_ID,
    adminSecretAccessKey: env.TRENT_ADMIN_SECRET_ACCESS_KEY,
    schedulerIntervalMs: Number(env.TRENT_SCHEDULER_INTERVAL_MS ?? 10_000),
    logLevel: env.TRENT_LOG_LEVEL ?? 'info',
  };
}
