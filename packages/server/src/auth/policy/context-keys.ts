/**
 * Looks up a condition key for a request: first the caller-built context map (lowercased names),
 * then the keys AWS derives from the principal, so callers need not copy them into every context.
 */
import type { AuthzRequest, ContextValue, Principal } from './types.js';

type Derive = (p: Principal) => ContextValue | undefined;

const PRINCIPAL_TYPES: Record<Principal['type'], string> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
};

/** Keys AWS fills from the principal itself (aws:PrincipalArn is the role ARN for a role session). */
const DERIVED: ReadonlyMap<string, Derive> = new Map<string, Derive>([
  ['aws:username', (p) => (p.type === 'IAMUser' ? p.userName : undefined)],
  ['aws:userid', (p) => p.userId],
  ['aws:principalarn', (p) => (p.type === 'AssumedRole' ? p.roleArn ?? p.arn : p.arn)],
  ['aws:principalaccount', (p) => p.accountId],
  ['aws:principaltype', (p) => PRINCIPAL_TYPES[p.type]],
  ['kms:calleraccount', (p) => p.accountId],
]);

const PRINCIPAL_TAG = 'aws:principaltag/';

function principalTag(p: Principal, name: string): string | undefined {
  if (!p.tags) return undefined;
  // Tag keys compare case-insensitively in condition keys, as IAM's do.
  for (const [k, v] of Object.entries(p.tags)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The value of condition key `name` (already lowercased) in this request, or undefined. */
export function lookupKey(req: AuthzRequest, name: string): ContextValue | undefined {
  const v = req.context.get(name);
  if (v !== undefined) return v;
  const derive = DERIVED.get(name);
  if (derive) return derive(req.principal);
  if (name.startsWith(PRINCIPAL_TAG)) return principalTag(req.principal, name.slice(PRINCIPAL_TAG.length));
  return undefined;
}

/** True when a key is missing or holds an empty list (set operators and Null treat both alike). */
export function isAbsent(v: ContextValue | undefined): v is undefined | [] {
  return v === undefined || (Array.isArray(v) && v.length === 0);
}

/**
 * Request-context entries for an encryption context, in the engine's naming: one
 * `kms:encryptioncontext:<key lowercased>` per pair (condition key names are case-insensitive in
 * AWS, context-key part included) and `kms:encryptioncontextkeys` with the keys as given.
 * Nothing for an absent or empty context, so `Null` and `…IfExists` see the key as missing.
 */
export function encryptionContextEntries(ec: Record<string, string> | undefined): Array<[string, ContextValue]> {
  const keys = Object.keys(ec ?? {});
  if (!ec || keys.length === 0) return [];
  const out: Array<[string, ContextValue]> = keys.map((k) => [`kms:encryptioncontext:${k.toLowerCase()}`, ec[k] as string]);
  out.push(['kms:encryptioncontextkeys', keys]);
  return out;
}
