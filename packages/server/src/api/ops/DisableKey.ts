/** DisableKey: Enabled → Disabled; takes effect on the very next request on every worker. */
import { requireState } from '../../keys/lifecycle.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('DisableKey', (row) => {
  requireState('disable', row.state, row.arn);
  return { state: 'Disabled' };
});
