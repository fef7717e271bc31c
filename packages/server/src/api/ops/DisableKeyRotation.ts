/** DisableKeyRotation: no more automatic rotations; existing materials stay. */
import { requireState } from '../../keys/lifecycle.js';
import { requireAutomaticRotatable, requireNotReplica } from '../../keys/rotation.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('DisableKeyRotation', (row) => {
  requireAutomaticRotatable(row);
  requireNotReplica(row);
  requireState('rotate', row.state, row.arn);
  return { rotation_period_days: null, next_rotation_at: null };
});
