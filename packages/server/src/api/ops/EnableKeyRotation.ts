/** EnableKeyRotation: automatic rotation every RotationPeriodInDays (90–2560, default 365); the scheduler rotates. */
import { requireState } from '../../keys/lifecycle.js';
import { DAY, requireAutomaticRotatable, requireNotReplica } from '../../keys/rotation.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('EnableKeyRotation', (row, input) => {
  requireAutomaticRotatable(row);
  requireNotReplica(row); // a multi-Region set rotates as its primary says
  requireState('rotate', row.state, row.arn);
  const days: number = input.RotationPeriodInDays ?? 365;
  // A new period on a key already rotating keeps the schedule's anchor (the last rotation or enabling).
  const anchor = row.rotation_period_days !== null && row.next_rotation_at !== null ? row.next_rotation_at - row.rotation_period_days * DAY : Date.now();
  return { rotation_period_days: days, next_rotation_at: anchor + days * DAY };
}, undefined, undefined, (input) => ({ context: { 'kms:RotationPeriodInDays': input.RotationPeriodInDays } }));
