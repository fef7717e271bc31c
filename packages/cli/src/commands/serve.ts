/** `trent serve`: flags mirror the TRENT_* environment variables. */
import type { Command } from 'commander';
import { auditSetting, auditSyncSetting, loadConfig, parseQuotaSetting, serve, RootKeyError, type Config } from '@trent/server';

/** Registers `trent serve`. */
export function register(program: Command): void {
  program.command('serve')
    .description('run the Trent server (settings from TRENT_* environment variables, overridden by these flags)')
    .option('--host <host>', 'address to listen on (TRENT_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (TRENT_PORT, default 4747)')
    .option('--data-dir <dir>', 'data directory (TRENT_DATA_DIR, default ./.trent)')
    .option('--regions <list>', 'comma-separated regions served (TRENT_REGIONS, default us-east-1)')
    .option('--root-key-provider <kind>', 'file, passphrase or pkcs11 (TRENT_ROOT_KEY_PROVIDER)')
    .option('--database-url <url>', 'postgres:// URL: store in PostgreSQL, shared by several nodes (TRENT_DATABASE_URL; default SQLite in the data directory)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (TRENT_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key (TRENT_TLS_KEY)')
    .option('--workers <n>', 'worker processes (TRENT_WORKERS, default: number of CPUs)')
    .option('--audit <on|off>', 'record every call in the audit log (TRENT_AUDIT, default on; off only for benchmark baselines)')
    .option('--audit-sync-ms <ms>', 'SQLite: longest an acknowledged audit event waits for its fsync; 0 = before the reply (TRENT_AUDIT_SYNC_MS, default 1000)')
    .option('--quotas <setting>', "request quotas: off (default), aws (AWS's figures) or a JSON file of quota figures (TRENT_QUOTAS)")
    .option('--quota-nodes <n>', 'nodes sharing the quotas; each enforces its share (TRENT_QUOTA_NODES, default 1)')
    .action(async (o: Record<string, string | undefined>) => {
      const overrides: Partial<Config> = {};
      if (o.host) overrides.host = o.host;
      if (o.port) overrides.port = Number(o.port);
      if (o.dataDir) overrides.dataDir = o.dataDir;
      if (o.regions) overrides.regions = o.regions.split(',');
      if (o.rootKeyProvider) overrides.rootKeyProvider = o.rootKeyProvider as Config['rootKeyProvider'];
      if (o.tlsCert) overrides.tlsCert = o.tlsCert;
      if (o.tlsKey) overrides.tlsKey = o.tlsKey;
      if (o.workers) overrides.workers = Number(o.workers);
      if (o.databaseUrl) overrides.databaseUrl = o.databaseUrl;
      try {
        if (o.audit) overrides.audit = auditSetting(o.audit);
        if (o.auditSyncMs !== undefined) overrides.auditSyncMs = auditSyncSetting(o.auditSyncMs);
        if (o.quotas || o.quotaNodes) overrides.quotas = parseQuotaSetting(o.quotas ?? process.env.TRENT_QUOTAS, o.quotaNodes ?? process.env.TRENT_QUOTA_NODES);
        await serve(loadConfig(process.env, overrides));
      } catch (err) {
        if (err instanceof RootKeyError || (err instanceof Error && /TRENT_|EADDRINUSE|ECONNREFUSED|ENOTFOUND|Connection terminated|timeout exceeded when trying to connect|database "[^"]*" does not exist/.test(err.message))) {
          process.stderr.write(`trent: cannot start: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
    });
}
