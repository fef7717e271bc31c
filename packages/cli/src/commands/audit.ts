/** `trent audit export|verify|rotate-signing-key`: the audit log's files and its tamper evidence (docs/audit.md). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportAudit, formatReport, openParts, rotateSigningKey, verifyDir, verifyStore } from '@trent/server';
import { storeConfig, withStore, withStoreOptions, type StoreOptions } from './store-options.js';

/** Runs `fn`; a failure (unreadable directory, unreachable store) is reported with exit status 2. */
async function orExit2(fn: () => Promise<void>): Promise<void> {
  try { await fn(); } catch (err) {
    process.stderr.write(`trent: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

/** Registers `trent audit` and its subcommands. */
export function register(program: Command): void {
  const audit = program.command('audit').description('the audit log: export it as CloudTrail-style files, verify its hash chains and signed digests');
  withStoreOptions(audit.command('export'))
    .description('write the audit log as CloudTrail-style files (gzip JSON log files, digest files, public keys) into a new directory')
    .requiredOption('--out <dir>', 'directory to create (must be empty)')
    .action((o: StoreOptions & { out: string }) => orExit2(async () => {
      const s = await withStore(o, (store, config) => exportAudit(store, config, resolve(o.out)));
      process.stdout.write(`exported ${s.events} events of ${s.chains} chains: ${s.logFiles} log files, ${s.digestFiles} digest files, under ${s.out}/AWSLogs/${s.account}\n`);
    }));
  withStoreOptions(audit.command('verify'))
    .description('check every chain link, digest signature and retention cut of the store (or of an exported directory); exit 1 naming the first change')
    .option('--dir <dir>', 'verify an exported directory instead of the store')
    .option('--public-key <file>', 'PEM public key(s) to verify digests with, instead of the ones published with the log')
    .action((o: StoreOptions & { dir?: string; publicKey?: string }) => orExit2(async () => {
      const pinned = o.publicKey === undefined ? undefined : readFileSync(o.publicKey, 'utf8');
      const result = o.dir !== undefined
        ? await verifyDir(resolve(o.dir), pinned)
        : await withStore(o, (store) => verifyStore(store, pinned));
      const source = o.dir !== undefined ? resolve(o.dir) : storeConfig(o).databaseUrl ? 'the PostgreSQL store' : storeConfig(o).sqliteFile;
      process.stdout.write(formatReport(source, result));
      if (!result.ok) process.exitCode = 1;
    }));
  withStoreOptions(audit.command('rotate-signing-key'))
    .description('make a new audit signing key; digests signed from each process\'s next start on use it, older ones keep verifying by key id')
    .action((o: StoreOptions) => orExit2(async () => {
      const { store, keyring } = await openParts(storeConfig(o));
      try { process.stdout.write(`new audit signing key ${await rotateSigningKey(store, keyring)}\n`); } finally { await store.close(); keyring.destroy(); }
    }));
}
