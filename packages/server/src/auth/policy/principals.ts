/**
 * Principal and NotPrincipal: parsing the element, and deciding how a statement's principals
 * cover a caller — directly (its ARN, its role, `"*"`) or through its account (`…:root`).
 */
import { type Principal, type PrincipalSpec, fail } from './types.js';

/** How a principal element covers the caller. */
export type PrincipalMatch = 'direct' | 'account' | undefined;

const ACCOUNT_ID = /^\d{12}$/;
const AWS_PRINCIPAL = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/;
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

function invalid(): never {
  return fail('Policy contains a statement with one or more invalid principals.');
}

function asList(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((x): x is string => typeof x === 'string' && x !== '')) invalid();
  return list;
}

/** Normalizes one AWS principal: a bare account id becomes its root ARN. */
function awsPrincipal(v: string): string {
  if (v === '*') return v;
  if (ACCOUNT_ID.test(v)) return `arn:aws:iam::${v}:root`;
  if (!AWS_PRINCIPAL.test(v)) invalid();
  return v;
}

/** Parses a Principal or NotPrincipal element. */
export function parsePrincipal(value: unknown): PrincipalSpec {
  const spec: PrincipalSpec = { any: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (value === '*') return { ...spec, any: true };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid();
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) invalid();
  for (const [type, v] of entries) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) invalid();
    const list = asList(v);
    if (type === 'AWS') {
      const arns = list.map(awsPrincipal);
      if (arns.includes('*')) spec.any = true;
      spec.aws.push(...arns.filter((a) => a !== '*'));
    } else if (type === 'Service') spec.service.push(...list);
    else if (type === 'Federated') spec.federated.push(...list);
    else spec.canonicalUser.push(...list);
  }
  return spec;
}

/** The account id of a root ARN, or undefined. */
function rootAccount(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(arn);
  return m ? m[1] : undefined;
}

/** A compiled principal element: how it covers a caller. */
export type PrincipalTest = (p: Principal) => PrincipalMatch;

/** The listed ARNs, and the accounts whose root they name. */
function principalSets(spec: PrincipalSpec): { names: (p: Principal) => boolean; accounts: Set<string> } {
  const arns = new Set(spec.aws);
  const accounts = new Set(spec.aws.map(rootAccount).filter((a): a is string => a !== undefined));
  // A role session is named by its own ARN or by its role's.
  const names = (p: Principal): boolean => arns.has(p.arn) || (p.roleArn !== undefined && arns.has(p.roleArn));
  return { names, accounts };
}

/** Compiles a Principal element. Service, Federated and CanonicalUser principals never match a Trent caller. */
export function compilePrincipal(spec: PrincipalSpec): PrincipalTest {
  if (spec.any) return () => 'direct';
  const { names, accounts } = principalSets(spec);
  return (p) => (names(p) ? 'direct' : accounts.has(p.accountId) ? 'account' : undefined);
}

/**
 * Compiles a NotPrincipal element (Deny only). As AWS documents, a caller is exempt only when
 * both its account and its own identity (user ARN, or role / role-session ARN) are listed.
 */
export function compileNotPrincipal(spec: PrincipalSpec): PrincipalTest {
  if (spec.any) return () => undefined;
  const { names, accounts } = principalSets(spec);
  return (p) => {
    const self = names(p);
    const exempt = p.type === 'Root' ? self : self && accounts.has(p.accountId);
    return exempt ? undefined : 'direct';
  };
}

/** Every AWS principal ARN a policy names (Principal and NotPrincipal), deduplicated, account ids as root ARNs. */
export function principalArnsOf(specs: Array<PrincipalSpec | undefined>): string[] {
  const out = new Set<string>();
  for (const s of specs) for (const a of s?.aws ?? []) out.add(a);
  return [...out];
}
