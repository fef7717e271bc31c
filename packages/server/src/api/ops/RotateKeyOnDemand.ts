/**
 * RotateKeyOnDemand: a new current material at once (AWS_KMS keys: fresh; EXTERNAL keys: the one
 * imported as NEW_KEY_MATERIAL), at most 25 times per key. The automatic schedule is unchanged.
 * Trent completes the rotation before replying, so OnDemandRotationStartDate is never shown.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';
import { keyIdOf } from '../../keys/multi-region.js';
import { MAX_ON_DEMAND_ROTATIONS, requireNotReplica, requireRotatable, rotateKey } from '../../keys/rotation.js';

export const op: Operation = {
  name: 'RotateKeyOnDemand',
  action: 'kms:RotateKeyOnDemand',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:RotateKeyOnDemand', key);
    await rotateKey(ctx, key.row.id, 'ON_DEMAND', (row) => {
      requireRotatable(row);
      requireNotReplica(row);
      requireState('rotate', row.state, row.arn);
      if (row.on_demand_rotations >= MAX_ON_DEMAND_ROTATIONS) {
        fail('LimitExceededException', `${row.arn} has reached the limit of ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations.`);
      }
      return { on_demand_rotations: row.on_demand_rotations + 1 };
    });
    return { KeyId: keyIdOf(key.row) };
  },
};
