/** UpdateKeyDescription. */
import { requireState } from '../../keys/lifecycle.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('UpdateKeyDescription', (row, input) => {
  requireState('modify', row.state, row.arn);
  return { description: input.Description };
});
