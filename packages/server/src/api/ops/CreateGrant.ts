/** CreateGrant: lets a grantee use a key for some operations, optionally constrained by encryption context. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { narrower } from '../../auth/grants.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';
import { grantToken, newGrantId } from '../../keys/grant-tokens.js';
import { stopIfDryRun } from './dry-run.js';
import type { GrantRow } from '../../store/grant-repo.js';

const MAX_GRANTS_PER_KEY = 50_000;

/** A grant with the same name and parameters: CreateGrant answers its id again (AWS's idempotence). */
function sameGrant(g: GrantRow, want: GrantRow): boolean {
  return g.grantee_principal === want.grantee_principal && g.operations === want.operations && g.constraints === want.constraints && g.retiring_principal === want.retiring_principal;
}
const NO_CONTEXT_OPS = new Set(['DescribeKey', 'GetPublicKey', 'RetireGrant', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret']);
const PRINCIPAL = /^(?:arn:aws:(?:iam|sts)::\d{12}:(?:root|user\/.+|role\/.+|assumed-role\/.+)|\d{12}|[a-z0-9.-]+\.amazonaws\.com)$/;

function checkRequest(input: Record<string, any>): void {
  const ops: string[] = input.Operations;
  if (!ops.length) fail('ValidationException', "1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
  for (const p of [input.GranteePrincipal, input.RetiringPrincipal]) if (p !== undefined && !PRINCIPAL.test(p)) fail('ValidationException', `Invalid principal: ${p}`);
  const c = input.Constraints;
  if (c?.EncryptionContextEquals && c?.EncryptionContextSubset) fail('ValidationException', 'A grant can have EncryptionContextEquals or EncryptionContextSubset, not both.');
  if (c && ops.some((o) => NO_CONTEXT_OPS.has(o))) fail('ValidationException', 'Grant constraints are only valid for operations that accept an encryption context.');
}

export const op: Operation = {
  name: 'CreateGrant',
  action: 'kms:CreateGrant',
  async handler(ctx, call, input) {
    checkRequest(input);
    const key = await resolveKey(ctx, call, input.KeyId, false);
    const via = authorize(ctx, call, 'kms:CreateGrant', key, { context: {
      'kms:GranteePrincipal': input.GranteePrincipal, 'kms:RetiringPrincipal': input.RetiringPrincipal,
      'kms:GrantOperations': input.Operations, 'kms:GrantIsForAWSResource': false,
    } });
    // A grantee allowed by a grant may only hand on a subset of that grant's operations.
    const within = (o: string) => (JSON.parse(via!.operations) as string[]).includes(o);
    if (via && (!(input.Operations as string[]).every(within) || !narrower(via.constraints ? JSON.parse(via.constraints) : undefined, input.Constraints))) {
      fail('AccessDeniedException', `User: ${call.principal.arn} is not authorized to perform: kms:CreateGrant on resource: ${key.row.arn} with operations beyond those of its own grant`);
    }
    requireState('modify', key.row.state, key.row.arn);
    stopIfDryRun(input);
    const operations = JSON.stringify([...new Set(input.Operations as string[])].sort());
    const constraints = input.Constraints ? JSON.stringify(input.Constraints) : null;
    const row: GrantRow = {
      id: newGrantId(), key_id: key.row.id, name: input.Name ?? null, grantee_principal: input.GranteePrincipal, retiring_principal: input.RetiringPrincipal ?? null,
      issuing_account: `arn:aws:iam::${call.principal.accountId}:root`, operations, constraints, created_at: Date.now(),
    };
    // One grant change of a key at a time on every node: the repeat check and the limit see every committed grant.
    const existing = await ctx.store.transaction(async (tx) => {
      if (!(await tx.holdKey(key.row.id))) fail('NotFoundException', `Key '${key.row.arn}' does not exist`);
      const same = row.name === null ? undefined : (await tx.grants.named(key.row.id, row.name)).find((g) => sameGrant(g, row));
      if (same) return same.id;
      if ((await tx.grants.countOfKey(key.row.id)) >= MAX_GRANTS_PER_KEY) fail('LimitExceededException', `The key ${key.row.arn} has reached the limit of ${MAX_GRANTS_PER_KEY} grants.`);
      await tx.grants.insert(row);
      return undefined;
    });
    if (existing) return { GrantId: existing, GrantToken: grantToken(existing) };
    const id = row.id;
    await ctx.bus.publish({ kind: 'key', id: key.row.id });
    return { GrantId: id, GrantToken: grantToken(id) };
  },
};
