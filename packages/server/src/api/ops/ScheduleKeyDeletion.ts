/**
 * ScheduleKeyDeletion: PendingDeletion for 7–30 days (default 30); the scheduler deletes it after.
 * A multi-Region primary key with replicas waits in PendingReplicaDeletion instead: its waiting
 * period starts when the last replica is deleted (scheduler.ts), so it has no DeletionDate yet.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { requireState } from '../../keys/lifecycle.js';
import { keyIdOf, multiRegionKeyType } from '../../keys/multi-region.js';
import { changeKeyWith } from '../../keys/mutate.js';
import { resolveKey } from '../../keys/resolve.js';
import { DAY } from '../../keys/rotation.js';

/** AWS checks the window before it looks at the key. */
function checkWindow(input: Record<string, any>): void {
  const days: number = input.PendingWindowInDays ?? 30;
  if (days < 7 || days > 30) fail('ValidationException', `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`);
}

export const op: Operation = {
  name: 'ScheduleKeyDeletion',
  action: 'kms:ScheduleKeyDeletion',
  async handler(ctx, call, input) {
    checkWindow(input);
    const days: number = input.PendingWindowInDays ?? 30;
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:ScheduleKeyDeletion', key);
    const row = await changeKeyWith(ctx, key.row.id, async (tx, row) => {
      requireState('schedule', row.state, row.arn);
      const replicas = multiRegionKeyType(row) === 'PRIMARY' ? (await tx.keySets.members(keyIdOf(row))).length - 1 : 0;
      if (replicas > 0) return { state: 'PendingReplicaDeletion', deletion_date: null, pending_window_days: days };
      return { state: 'PendingDeletion', deletion_date: Date.now() + days * DAY, pending_window_days: days };
    });
    return {
      KeyId: row.arn, KeyState: row.state, PendingWindowInDays: row.pending_window_days,
      ...(row.deletion_date !== null ? { DeletionDate: new Date(row.deletion_date) } : {}),
    };
  },
};
