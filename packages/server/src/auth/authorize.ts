/**
 * Authorization. Until key policies, IAM policies and grants are evaluated (issue 6), the rule is
 * AWS's default key policy: principals of the key's own account may use it, others may not.
 */
import { fail } from '../api/errors.js';
import type { Call, Ctx } from '../context.js';
import type { CachedKey } from '../keys/cache.js';

/** Throws AccessDeniedException unless the caller may perform `action` on `key` (or the account, when none). */
export function authorize(_ctx: Ctx, call: Call, action: string, key?: CachedKey): void {
  if (!key || key.row.account_id === call.principal.accountId) return;
  fail('AccessDeniedException', `User: ${call.principal.arn} is not authorized to perform: ${action} on resource: ${key.row.arn} because no resource-based policy allows the ${action} action`);
}
