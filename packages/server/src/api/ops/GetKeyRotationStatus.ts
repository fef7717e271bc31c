/** GetKeyRotationStatus: whether automatic rotation is on, its period and next date. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';
import { keyIdOf } from '../../keys/multi-region.js';
import { requireRotatable } from '../../keys/rotation.js';

export const op: Operation = {
  name: 'GetKeyRotationStatus',
  action: 'kms:GetKeyRotationStatus',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:GetKeyRotationStatus', key);
    const row = key.row;
    requireRotatable(row);
    // A key pending deletion reports false without forgetting its setting (AWS restores it on cancel).
    const enabled = row.rotation_period_days !== null && row.next_rotation_at !== null && row.state !== 'PendingDeletion' && row.state !== 'PendingReplicaDeletion';
    return {
      KeyRotationEnabled: enabled,
      KeyId: keyIdOf(row),
      ...(enabled ? { RotationPeriodInDays: row.rotation_period_days, NextRotationDate: new Date(row.next_rotation_at!) } : {}),
    };
  },
};
