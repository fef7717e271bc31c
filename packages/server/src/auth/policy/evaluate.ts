/**
 * KMS authorization (AWS KMS developer guide, "Determining access to a KMS key"): an explicit
 * Deny anywhere wins; otherwise the key policy must allow the caller directly, or allow its
 * account and an identity policy of the caller must allow too; cross-account calls always need
 * both; a grant allows its operations. Without a key policy (IAM, STS) identity policies decide.
 */
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import type { PrincipalMatch } from './principals.js';
import type { AuthzRequest, Decision, Principal, RequestContext } from './types.js';

/** The policies in play for one request. */
export interface PolicySet {
  keyPolicy?: CompiledPolicy;
  identityPolicies: CompiledPolicy[];
  /** Decided by the caller's grant lookup; honoured only after the deny checks. */
  grantAllows?: boolean;
}

/** What one resource-based policy says about a request. */
export interface ResourceVerdict { deny: boolean; allowDirect: boolean; allowAccount: boolean }

/** Whether a statement's action, resource and conditions all hold; `action` is lowercased. */
function applies(s: CompiledStatement, req: AuthzRequest, action: string): boolean {
  if (!s.action(action) || !s.resource(req)) return false;
  for (const c of s.conditions) if (!c(req)) return false;
  return true;
}

/** Evaluates a resource-based policy (key or trust policy): deny, and how it allows. */
export function evaluateResourcePolicy(policy: CompiledPolicy, req: AuthzRequest): ResourceVerdict {
  const out: ResourceVerdict = { deny: false, allowDirect: false, allowAccount: false };
  const action = req.action.toLowerCase();
  for (const s of policy.statements) {
    const who: PrincipalMatch = s.principal ? s.principal(req.principal) : undefined;
    if (who === undefined || !applies(s, req, action)) continue;
    // A Deny naming the caller's account covers every principal in it.
    if (s.effect === 'Deny') { out.deny = true; return out; }
    if (who === 'direct') out.allowDirect = true;
    else out.allowAccount = true;
  }
  return out;
}

/** Evaluates the caller's identity policies: whether any denies, whether any allows. */
export function evaluateIdentity(policies: CompiledPolicy[], req: AuthzRequest): { deny: boolean; allow: boolean } {
  let allow = false;
  const action = req.action.toLowerCase();
  for (const p of policies) {
    for (const s of p.statements) {
      if (!applies(s, req, action)) continue;
      if (s.effect === 'Deny') return { deny: true, allow: false };
      allow = true;
    }
  }
  return { deny: false, allow };
}

/** Combines a resource policy verdict with identity policies and grants. */
function combine(req: AuthzRequest, kp: ResourceVerdict, idAllow: boolean, grant: boolean): Decision {
  const p = req.principal;
  const sameAccount = p.accountId === req.resourceAccount;
  if (kp.allowDirect && sameAccount) return { decision: 'Allow', by: 'keyPolicy' };
  // The root user is not restricted by identity policies; everyone else needs one that allows.
  const identityOk = p.type === 'Root' || idAllow;
  if ((kp.allowDirect || kp.allowAccount) && identityOk) return { decision: 'Allow', by: kp.allowDirect && !sameAccount ? 'keyPolicy' : 'identity' };
  if (grant) return { decision: 'Allow', by: 'grant' };
  return { decision: 'ImplicitDeny' };
}

/** Decides one request against its key policy (if any), identity policies and grant flag. */
export function evaluate(req: AuthzRequest, set: PolicySet): Decision {
  const ids = evaluateIdentity(set.identityPolicies, req);
  if (ids.deny) return { decision: 'ExplicitDeny', by: 'identity' };
  if (!set.keyPolicy) return evaluateWithoutResourcePolicy(req, ids.allow, set.grantAllows === true);
  const kp = evaluateResourcePolicy(set.keyPolicy, req);
  if (kp.deny) return { decision: 'ExplicitDeny', by: 'keyPolicy' };
  return combine(req, kp, ids.allow, set.grantAllows === true);
}

/** IAM and STS actions: identity policies in the resource's own account, and its root user. */
function evaluateWithoutResourcePolicy(req: AuthzRequest, idAllow: boolean, grant: boolean): Decision {
  const sameAccount = req.principal.accountId === req.resourceAccount;
  if (sameAccount && req.principal.type === 'Root') return { decision: 'Allow', by: 'identity' };
  if (sameAccount && idAllow) return { decision: 'Allow', by: 'identity' };
  if (grant) return { decision: 'Allow', by: 'grant' };
  return { decision: 'ImplicitDeny' };
}

/** The question for sts:AssumeRole (or another trust action) on a role. */
export interface TrustRequest {
  principal: Principal;
  context: RequestContext;
  roleArn: string;
  roleAccount: string;
  /** The caller's identity policies (needed cross-account, or when the trust policy names the account). */
  identityPolicies?: CompiledPolicy[];
  /** Default 'sts:AssumeRole'. */
  action?: string;
}

/** Decides whether a principal may assume a role: the same logic with the trust policy as the resource policy. */
export function evaluateTrust(trust: CompiledPolicy, req: TrustRequest): Decision {
  const authz: AuthzRequest = {
    action: req.action ?? 'sts:AssumeRole',
    resource: req.roleArn,
    resourceAccount: req.roleAccount,
    principal: req.principal,
    context: req.context,
  };
  // by: 'keyPolicy' here means "the trust policy alone allowed it".
  return evaluate(authz, { keyPolicy: trust, identityPolicies: req.identityPolicies ?? [] });
}
