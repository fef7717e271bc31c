/** Server settings: environment variables, overridden by `trent serve` flags. */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseQuotaSetting, type QuotaSettings } from './api/quotas/settings.js';

/** Where the root key lives. */
export const ROOT_KEY_PROVIDERS = ['file', 'passphrase', 'pkcs11'] as const;
export type RootKeyProviderKind = (typeof ROOT_KEY_PROVIDERS)[number];

/** A PKCS#11 token and the root key in it. */
export interface Pkcs11Config {
  /** Path of the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  module: string;
  tokenLabel?: string;
  slot?: number;
  pin?: string;
  keyLabel: string;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** The regions this deployment serves; keys belong to the region of the request's credential scope. */
  regions: string[];
  rootKeyProvider: RootKeyProviderKind;
  rootPassphrase?: string;
  /** The HSM holding the root key when rootKeyProvider is 'pkcs11'. */
  pkcs11?: Pkcs11Config;
  tlsCert?: string;
  tlsKey?: string;
  workers: number;
  /** SQLite file (the default store). */
  sqliteFile: string;
  /** postgres:// URL: when set, the store is PostgreSQL and several nodes may share it. */
  databaseUrl?: string;
  accountId?: string;
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
  /** How often the scheduler looks for due work, in milliseconds. */
  schedulerIntervalMs: number;
  /** How often each process signs a digest of its audit chain (TRENT_AUDIT_DIGEST_INTERVAL seconds). */
  auditDigestIntervalMs: number;
  /** Audit events older than this many days are pruned (TRENT_AUDIT_RETENTION_DAYS); undefined keeps them forever. */
  auditRetentionDays?: number;
  logLevel: string;
  /** Record every call in the audit log (TRENT_AUDIT=on, the default); off only for benchmark baselines. */
  audit: boolean;
  /**
   * SQLite: the longest an acknowledged audit event may sit in the OS's cache before it is fsynced
   * (TRENT_AUDIT_SYNC_MS, default 1000); 0 fsyncs every commit before its replies. A crash of Trent
   * loses nothing either way; only an OS crash or power loss can lose that window.
   */
  auditSyncMs: number;
  /** Request quotas (TRENT_QUOTAS, TRENT_QUOTA_NODES); undefined: off. */
  quotas?: QuotaSettings;
}

/** Reads an on/off setting of TRENT_AUDIT or `--audit`. */
export function auditSetting(v: string): boolean {
  if (v !== 'on' && v !== 'off') throw new Error(`TRENT_AUDIT must be on or off, not '${v}'`);
  return v === 'on';
}

/** Reads TRENT_AUDIT_SYNC_MS or `--audit-sync-ms`: whole milliseconds, 0 (every commit) up to one minute. */
export function auditSyncSetting(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 60_000) throw new Error(`TRENT_AUDIT_SYNC_MS must be whole milliseconds from 0 to 60000, not '${v}'`);
  return n;
}

/** Reads the configuration from `env` with `overrides` (flags) taking precedence. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? env.TRENT_DATA_DIR ?? '.trent');
  const provider = overrides.rootKeyProvider ?? env.TRENT_ROOT_KEY_PROVIDER ?? 'file';
  if (!(ROOT_KEY_PROVIDERS as readonly string[]).includes(provider)) throw new Error(`TRENT_ROOT_KEY_PROVIDER must be one of ${ROOT_KEY_PROVIDERS.join(', ')}, not '${provider}'`);
  const regions = (overrides.regions ?? (env.TRENT_REGIONS ?? 'us-east-1').split(',')).map((r) => r.trim()).filter(Boolean);
  const port = Number(overrides.port ?? env.TRENT_PORT ?? 4747);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`TRENT_PORT must be a port number, not '${env.TRENT_PORT}'`);
  return {
    host: overrides.host ?? env.TRENT_HOST ?? '127.0.0.1',
    port,
    dataDir,
    regions,
    rootKeyProvider: provider as RootKeyProviderKind,
    rootPassphrase: overrides.rootPassphrase ?? env.TRENT_ROOT_PASSPHRASE,
    pkcs11: overrides.pkcs11 ?? pkcs11Config(env),
    tlsCert: overrides.tlsCert ?? env.TRENT_TLS_CERT,
    tlsKey: overrides.tlsKey ?? env.TRENT_TLS_KEY,
    workers: Number(overrides.workers ?? env.TRENT_WORKERS ?? availableParallelism()),
    sqliteFile: join(dataDir, 'trent.db'),
    databaseUrl: overrides.databaseUrl ?? (env.TRENT_DATABASE_URL || undefined),
    accountId: env.TRENT_ACCOUNT_ID,
    adminAccessKeyId: env.TRENT_ADMIN_ACCESS_KEY_ID,
    adminSecretAccessKey: env.TRENT_ADMIN_SECRET_ACCESS_KEY,
    schedulerIntervalMs: Number(env.TRENT_SCHEDULER_INTERVAL_MS ?? 10_000),
    auditDigestIntervalMs: positive(env, 'TRENT_AUDIT_DIGEST_INTERVAL', '3600') * 1000,
    auditRetentionDays: env.TRENT_AUDIT_RETENTION_DAYS ? positive(env, 'TRENT_AUDIT_RETENTION_DAYS', '') : undefined,
    logLevel: env.TRENT_LOG_LEVEL ?? 'info',
    audit: overrides.audit ?? auditSetting(env.TRENT_AUDIT || 'on'),
    auditSyncMs: overrides.auditSyncMs ?? auditSyncSetting(env.TRENT_AUDIT_SYNC_MS || '1000'),
    quotas: 'quotas' in overrides ? overrides.quotas : parseQuotaSetting(env.TRENT_QUOTAS, env.TRENT_QUOTA_NODES),
  };
}

/** A positive number setting (fractions allowed), or `fallback` when unset. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const raw = env[name] || fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not '${raw}'`);
  return n;
}

/** The TRENT_PKCS11_* settings, or undefined when no module is named. */
export function pkcs11Config(env: NodeJS.ProcessEnv): Pkcs11Config | undefined {
  if (!env.TRENT_PKCS11_MODULE) return undefined;
  const slot = env.TRENT_PKCS11_SLOT;
  if (slot !== undefined && !/^\d+$/.test(slot)) throw new Error(`TRENT_PKCS11_SLOT must be a slot number, not '${slot}'`);
  return {
    module: env.TRENT_PKCS11_MODULE,
    tokenLabel: env.TRENT_PKCS11_TOKEN_LABEL,
    slot: slot === undefined ? undefined : Number(slot),
    pin: env.TRENT_PKCS11_PIN,
    keyLabel: env.TRENT_PKCS11_KEY_LABEL ?? 'trent-root',
  };
}
