/** Alias name rules shared by CreateAlias, UpdateAlias and DeleteAlias. */
import { fail } from '../api/errors.js';

/** Throws AWS's exception for a name that is not a customer alias name. */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/') || name.length <= 6) fail('ValidationException', `Alias must start with the prefix "alias/" and have a name after it; got '${name}'.`);
  if (name.startsWith('alias/aws/')) fail('InvalidAliasNameException', 'Alias names beginning with alias/aws/ are reserved for AWS managed keys.');
}
