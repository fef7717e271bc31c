/** The `trent` command: every subcommand registers itself on one commander program. */
import { Command } from 'commander';
import { register as registerServe } from './commands/serve.js';
import { register as registerEnvelope } from './commands/envelope.js';
import { register as registerAccount } from './commands/account.js';
import { register as registerRoot } from './commands/root.js';
import { register as registerBackup } from './commands/backup.js';
import { register as registerAudit } from './commands/audit.js';

const program = new Command('trent').description('Trent: a self-hosted key management service that speaks the AWS KMS API');
registerServe(program);
registerEnvelope(program);
registerAccount(program);
registerRoot(program);
registerBackup(program);
registerAudit(program);
await program.parseAsync(process.argv);
