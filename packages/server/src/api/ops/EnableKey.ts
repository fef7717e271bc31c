/** EnableKey: Disabled → Enabled. */
import { requireState } from '../../keys/lifecycle.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('EnableKey', (row) => {
  requireState('enable', row.state, row.arn);
  return { state: 'Enabled' };
});
