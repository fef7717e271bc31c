/** DryRun: every check ran and passed; nothing is changed or returned. */
import { fail } from '../errors.js';

/** Throws DryRunOperationException when the request asked for a dry run. */
export function stopIfDryRun(input: Record<string, any>): void {
  if (input.DryRun === true) fail('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
}

/** Refuses the Nitro Enclaves `Recipient` parameter, which needs an attestation Trent cannot verify. */
export function refuseRecipient(input: Record<string, any>): void {
  if (input.Recipient !== undefined) fail('ValidationException', 'Recipient (Nitro Enclaves attestation) is not supported by Trent.');
}
