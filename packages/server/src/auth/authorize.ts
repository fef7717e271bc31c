/**
 * Authorization as AWS KMS does it: the key policy, the caller's IAM policies and the key's grants
 * (policy/evaluate.ts). Denials name the principal, the action and the resource as AWS's do.
 */
import { fail } from '../api/errors.js';
import type { Call, Ctx } from '../context.js';
import type { CachedKey } from '../keys/cache.js';
import { findGrant } from './grants.js';
import type { GrantRow } from '../store/grant-repo.js';
import { compilePolicy, evaluate, evaluateResourcePolicy, type AuthzRequest } from './policy/index.js';
import { requestContext, type AuthzExtras } from './request-context.js';

export type { AuthzExtras } from './request-context.js';

/**
 * Throws AccessDeniedException unless the caller may perform `action` on `key` (or on
 * `extras.resource` / the account); returns the grant that allowed it, when a grant did.
 */
export function authorize(_ctx: Ctx, call: Call, action: string, key?: CachedKey, extras: AuthzExtras = {}): GrantRow | undefined {
  const req: AuthzRequest = {
    action,
    resource: key?.row.arn ?? extras.resource ?? '*',
    resourceAccount: key?.row.account_id ?? call.principal.accountId,
    principal: call.principal,
    context: requestContext(call, key, extras),
  };
  const keyPolicy = key ? compilePolicy(key.row.policy, 'key') : undefined;
  const grant = key !== undefined && action.startsWith('kms:') ? findGrant(key.grants, call.principal, action.slice(4), extras.encryptionContext) : undefined;
  const d = evaluate(req, { keyPolicy, identityPolicies: call.policies, grantAllows: grant !== undefined });
  if (d.decision === 'Allow') return d.by === 'grant' ? grant : undefined;
  const who = `User: ${call.principal.arn} is not authorized to perform: ${action} on resource: ${req.resource}`;
  if (d.decision === 'ExplicitDeny') fail('AccessDeniedException', `${who} with an explicit deny in ${d.by === 'keyPolicy' ? 'a resource-based' : 'an identity-based'} policy`);
  const delegated = keyPolicy ? evaluateResourcePolicy(keyPolicy, req).allowAccount : true;
  fail('AccessDeniedException', `${who} because no ${delegated ? 'identity-based' : 'resource-based'} policy allows the ${action} action`);
}
