/**
 * UpdatePrimaryRegion: the replica in PrimaryRegion becomes the primary key of its multi-Region set
 * and the old primary a replica. Every key of the set changes in one transaction, so Trent never
 * shows the transient Updating state; the set's rotation schedule, shared by all, now follows the new primary.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { keyArn } from '../../keys/arn.js';
import { requireState } from '../../keys/lifecycle.js';
import { keyIdOf, rowIdOf } from '../../keys/multi-region.js';
import { changeKeyWith } from '../../keys/mutate.js';
import { requirePrimary } from '../../keys/replicate.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'UpdatePrimaryRegion',
  action: 'kms:UpdatePrimaryRegion',
  async handler(ctx, call, input) {
    const primary = await resolveKey(ctx, call, input.KeyId, false);
    const region: string = input.PrimaryRegion;
    const extras = { context: { 'kms:PrimaryRegion': region } };
    authorize(ctx, call, 'kms:UpdatePrimaryRegion', primary, extras);
    requirePrimary(primary.row);
    const keyId = keyIdOf(primary.row);
    const missing = () => fail('NotFoundException', `Key '${keyArn(region, primary.row.account_id, keyId)}' does not exist: there is no replica of ${keyId} in ${region}.`);
    const replica = region === call.region ? undefined : await ctx.keys.get(rowIdOf(keyId, region));
    if (!replica) return missing();
    // AWS: kms:UpdatePrimaryRegion in the replica's key policy as well.
    authorize(ctx, call, 'kms:UpdatePrimaryRegion', replica, extras);
    await changeKeyWith(ctx, primary.row.id, async (tx, row) => {
      requirePrimary(row);
      requireState('updatePrimary', row.state, row.arn);
      const target = await tx.getKey(replica.row.id);
      if (!target) return missing();
      requireState('updatePrimary', target.state, target.arn);
      return { primary_region: region }; // shared: every key of the set takes it
    });
    return {};
  },
};
