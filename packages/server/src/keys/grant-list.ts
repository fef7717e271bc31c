/** The GrantListEntry shape ListGrants and ListRetirableGrants return. */
import type { GrantRow } from '../store/grant-repo.js';

/** A grant row as AWS lists it. */
export function grantEntry(g: GrantRow, keyArn: string): Record<string, unknown> {
  return {
    KeyId: keyArn, GrantId: g.id, Name: g.name ?? undefined, CreationDate: new Date(g.created_at),
    GranteePrincipal: g.grantee_principal, RetiringPrincipal: g.retiring_principal ?? undefined,
    IssuingAccount: g.issuing_account, Operations: JSON.parse(g.operations),
    Constraints: g.constraints ? JSON.parse(g.constraints) : undefined,
  };
}
