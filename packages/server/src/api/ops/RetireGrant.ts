/**
 * RetireGrant: by token, or by key and grant id. Allowed to the grant's retiring principal, to its
 * grantee when the grant includes RetireGrant, and to the account that issued it (AWS's rule).
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { isGrantee } from '../../auth/grants.js';
import { checkGrantId, grantIdOfToken } from '../../keys/grant-tokens.js';
import { resolveKey } from '../../keys/resolve.js';
import { stopIfDryRun } from './dry-run.js';

export const op: Operation = {
  name: 'RetireGrant',
  action: 'kms:RetireGrant',
  async handler(ctx, call, input) {
    let grantId: string;
    if (input.GrantToken !== undefined) grantId = grantIdOfToken(input.GrantToken);
    else {
      if (input.KeyId === undefined || input.GrantId === undefined) fail('ValidationException', 'Specify a GrantToken, or both KeyId and GrantId.');
      checkGrantId(input.GrantId);
      grantId = input.GrantId;
    }
    const grant = await ctx.store.grants.get(grantId);
    if (!grant) fail('NotFoundException', `Grant ${grantId} does not exist.`);
    const key = await ctx.keys.get(grant.key_id);
    if (input.KeyId !== undefined && (await resolveKey(ctx, call, input.KeyId, false)).row.id !== grant.key_id) fail('NotFoundException', `Grant ${grantId} does not exist for this key.`);
    const p = call.principal;
    const may = grant.retiring_principal === p.arn || (p.roleArn !== undefined && grant.retiring_principal === p.roleArn)
      || (isGrantee(grant, p) && (JSON.parse(grant.operations) as string[]).includes('RetireGrant'))
      || grant.issuing_account === `arn:aws:iam::${p.accountId}:root`;
    if (!may) fail('AccessDeniedException', `User: ${p.arn} is not authorized to perform: kms:RetireGrant on resource: ${key?.row.arn ?? grantId}`);
    stopIfDryRun(input);
    if (!(await ctx.store.grants.delete(grantId))) fail('NotFoundException', `Grant ${grantId} does not exist.`); // retired meanwhile
    await ctx.bus.publish({ kind: 'key', id: grant.key_id });
    return {};
  },
};
