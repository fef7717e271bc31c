/** `trent backup <file>` and `trent restore <file>`: a consistent logical snapshot of the store, keys still sealed. */
import type { Command } from 'commander';
import { backupStore, restoreStore } from '@trent/server';
import { withStore, withStoreOptions, type StoreOptions } from './store-options.js';

function summary(counts: Record<string, number>): string {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
}

/** Registers `trent backup` and `trent restore`. */
export function register(program: Command): void {
  withStoreOptions(program.command('backup <file>'))
    .description('write a consistent snapshot of the store (safe while Trent serves); secrets stay sealed, the root key is not included')
    .action(async (file: string, o: StoreOptions) => {
      const counts = await withStore(o, (s) => backupStore(s, file));
      process.stdout.write(`backup written to ${file}: ${summary(counts)}\n`);
    });
  withStoreOptions(program.command('restore <file>'))
    .description('load a backup into an empty data directory or database; start Trent afterwards with the root key the backup was sealed under')
    .action(async (file: string, o: StoreOptions) => {
      try {
        const counts = await withStore(o, (s) => restoreStore(s, file));
        process.stdout.write(`restored from ${file}: ${summary(counts)}\n`);
      } catch (err) {
        process.stderr.write(`trent: restore failed, nothing was changed: ${(err as Error).message}\n`);
        process.exit(2);
      }
    });
}
