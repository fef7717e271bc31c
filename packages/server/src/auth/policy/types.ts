/**
 * Shared types of the policy engine: parsed documents, the authorization request, the decision.
 * Nothing here does work; see parse.ts, compile.ts and evaluate.ts.
 */

/** Which document a text is: a KMS key policy, an IAM identity policy, or a role trust policy. */
export type PolicyKind = 'key' | 'identity' | 'trust';

/** Raised for any document AWS would refuse; `message` is fit for MalformedPolicyDocumentException. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** Throws a PolicyError; typed `never` so it can end an expression. */
export function fail(message: string): never {
  throw new PolicyError(message);
}

/** A value in the request context; names are lowercased by the caller. */
export type ContextValue = string | string[] | boolean | number;

/** The request context: condition key (lowercased) → value. */
export type RequestContext = Map<string, ContextValue>;

/** The authenticated caller. */
export interface Principal {
  arn: string;
  accountId: string;
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  /** For an assumed role: `arn:aws:iam::<acct>:role/<path><name>`. */
  roleArn?: string;
  userName?: string;
  userId?: string;
  tags?: Record<string, string>;
}

/** One authorization question. */
export interface AuthzRequest {
  action: string;
  resource: string;
  resourceAccount: string;
  principal: Principal;
  context: RequestContext;
}

/** The principals named by a Principal or NotPrincipal element, normalized. */
export interface PrincipalSpec {
  /** `"*"` or `{"AWS": "*"}`. */
  any: boolean;
  /** AWS principals as ARNs; a bare account id becomes `arn:aws:iam::<id>:root`. */
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

/** A condition block: operator (as written) → condition key (as written) → values as strings. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

/** One statement after parsing and validation. */
export interface ParsedStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: ConditionBlock;
}

/** A whole document after parsing and validation. */
export interface ParsedPolicy {
  kind: PolicyKind;
  version: '2012-10-17' | '2008-10-17';
  id?: string;
  statements: ParsedStatement[];
}

/** Outcome of an evaluation. */
export interface Decision {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  by?: 'keyPolicy' | 'identity' | 'grant';
}
