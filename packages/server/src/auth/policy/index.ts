/**
 * The policy engine: parse, validate, compile and evaluate AWS IAM-style policies (key policies,
 * identity policies, trust policies) as AWS KMS does. Pure: no I/O. See docs/policies.md.
 */
export { PolicyError } from './types.js';
export type { AuthzRequest, ContextValue, Decision, ParsedPolicy, ParsedStatement, PolicyKind, Principal, PrincipalSpec, RequestContext } from './types.js';
export { parsePolicy, MAX_POLICY_BYTES } from './parse.js';
export { compilePolicy, compileParsed } from './compile.js';
export type { CompiledPolicy } from './compile.js';
export { evaluate, evaluateTrust, evaluateIdentity, evaluateResourcePolicy } from './evaluate.js';
export type { PolicySet, TrustRequest, ResourceVerdict } from './evaluate.js';
export { defaultKeyPolicy, lockoutCheck } from './default-key-policy.js';
export { encryptionContextEntries } from './context-keys.js';
export type { LockoutOptions } from './default-key-policy.js';
import { principalArnsOf } from './principals.js';
import type { ParsedPolicy } from './types.js';
import type { CompiledPolicy } from './compile.js';

/**
 * Every AWS principal a policy names (Principal and NotPrincipal), as ARNs — a bare account id
 * as `arn:aws:iam::<id>:root` — so the caller can check that each user, role and account exists.
 */
export function principalArns(policy: ParsedPolicy | CompiledPolicy): string[] {
  const parsed = 'parsed' in policy ? policy.parsed : policy;
  return principalArnsOf(parsed.statements.flatMap((s) => [s.principal, s.notPrincipal]));
}
