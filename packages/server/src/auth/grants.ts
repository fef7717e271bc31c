/** Whether one of a key's grants allows an operation to a principal, constraints included. */
import type { Principal } from './principal.js';
import type { GrantRow } from '../store/grant-repo.js';

/** Grant constraints as stored (AWS's GrantConstraints shape). */
export interface Constraints {
  EncryptionContextSubset?: Record<string, string>;
  EncryptionContextEquals?: Record<string, string>;
}

/** True when `principal` is the grantee: the exact ARN, or the role behind an assumed-role session. */
export function isGrantee(g: GrantRow, p: Principal): boolean {
  return g.grantee_principal === p.arn || (p.roleArn !== undefined && g.grantee_principal === p.roleArn);
}

/** True when constraints `inner` are at least as strict as `outer` (a grant made through a grant). */
export function narrower(outer: Constraints | undefined, inner: Constraints | undefined): boolean {
  if (!outer) return true;
  const need = { ...outer.EncryptionContextSubset, ...outer.EncryptionContextEquals };
  const have = { ...inner?.EncryptionContextSubset, ...inner?.EncryptionContextEquals };
  if (outer.EncryptionContextEquals && !inner?.EncryptionContextEquals) return false;
  return Object.entries(need).every(([k, v]) => have[k] === v);
}

/** True when the request's encryption context satisfies the grant's constraints. */
export function constraintsHold(c: Constraints | undefined, ec: Readonly<Record<string, string>> | undefined): boolean {
  if (!c) return true;
  const have = ec ?? {};
  if (c.EncryptionContextEquals) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(have).length || keys.some((k) => have[k] !== want[k])) return false;
  }
  if (c.EncryptionContextSubset) {
    for (const [k, v] of Object.entries(c.EncryptionContextSubset)) if (have[k] !== v) return false;
  }
  return true;
}

/**
 * The grant that allows `operation` (e.g. 'Decrypt') to `principal`, if any. Constraints bind the
 * operations that take an encryption context (`ec` given); CreateGrant checks them itself.
 */
export function findGrant(grants: readonly GrantRow[], principal: Principal, operation: string, ec?: Readonly<Record<string, string>>): GrantRow | undefined {
  for (const g of grants) {
    if (!isGrantee(g, principal)) continue;
    if (!(JSON.parse(g.operations) as string[]).includes(operation)) continue;
    if (ec === undefined || constraintsHold(g.constraints ? JSON.parse(g.constraints) as Constraints : undefined, ec)) return g;
  }
  return undefined;
}
