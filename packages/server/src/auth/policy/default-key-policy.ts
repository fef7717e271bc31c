/**
 * AWS's default key policy (what CreateKey without Policy stores and GetKeyPolicy returns) and
 * the lockout safety check of CreateKey and PutKeyPolicy.
 */
import { type CompiledPolicy, compilePolicy } from './compile.js';
import { evaluateResourcePolicy } from './evaluate.js';
import type { Principal, RequestContext } from './types.js';

/**
 * The default key policy for a key in `accountId`, byte-for-byte as AWS returns it: the account
 * may do `kms:*`, which delegates access to the account's IAM policies.
 */
export function defaultKeyPolicy(accountId: string): string {
  return [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:aws:iam::${accountId}:root"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n');
}

/** Options of the lockout check. */
export interface LockoutOptions {
  /** The key's ARN; `"*"` (the default) while the key does not exist yet. */
  resource?: string;
  /** Request context the check evaluates conditions against; empty by default. */
  context?: RequestContext;
}

/**
 * The policy lockout safety check: true when, under `policy`, `principal` could still call
 * kms:PutKeyPolicy — allowed directly or through its account (delegation to IAM is taken as
 * allowing, as AWS's check does) and not explicitly denied.
 */
export function lockoutCheck(policy: string | CompiledPolicy, principal: Principal, opts: LockoutOptions = {}): boolean {
  const compiled = typeof policy === 'string' ? compilePolicy(policy, 'key') : policy;
  const v = evaluateResourcePolicy(compiled, {
    action: 'kms:PutKeyPolicy',
    resource: opts.resource ?? '*',
    resourceAccount: principal.accountId,
    principal,
    context: opts.context ?? new Map(),
  });
  return !v.deny && (v.allowDirect || v.allowAccount);
}
