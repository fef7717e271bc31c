import type { Command } from 'commander';

/** Registers `trent serve`. */
export function register(program: Command): void {
  program.command('serve').description('run the Trent server').action(() => {
    throw new Error('not yet');
  });
}
