import type { Command } from 'commander';

/** Registers `trent encrypt` and `trent decrypt` (the envelope-encryption CLI). */
export function register(_program: Command): void {
  // Filled in by the SDK work (issue 8).
}
