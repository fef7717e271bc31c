/** `trent account create`: another account in this deployment, with its admin user's credentials printed. */
import type { Command } from 'commander';
import { createAccount, loadConfig, newAccountId, openParts } from '@trent/server';

/** Registers `trent account`. */
export function register(program: Command): void {
  const account = program.command('account').description('manage accounts');
  account.command('create')
    .description('create an account with an admin user; prints its credentials as JSON')
    .option('--data-dir <dir>', 'data directory (TRENT_DATA_DIR)')
    .option('--account-id <id>', '12-digit account id (random when omitted)')
    .action(async (o: { dataDir?: string; accountId?: string }) => {
      const config = loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {});
      const { store, keyring } = await openParts(config);
      try {
        const id = o.accountId ?? newAccountId();
        if (!/^\d{12}$/.test(id)) throw new Error('an account id has 12 digits');
        const c = await createAccount(store, keyring, id);
        process.stdout.write(JSON.stringify({ AccountId: c.accountId, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey }, null, 2) + '\n');
      } finally {
        await store.close();
        keyring.destroy();
      }
    });
}
