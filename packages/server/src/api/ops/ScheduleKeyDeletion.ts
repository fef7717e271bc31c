/** ScheduleKeyDeletion: PendingDeletion for 7–30 days (default 30); the scheduler deletes it after. */
import { fail } from '../errors.js';
import { requireState } from '../../keys/lifecycle.js';
import { keyChangeOp } from './state-change.js';

const DAY = 86_400_000;

/** AWS checks the window before it looks at the key. */
function checkWindow(input: Record<string, any>): void {
  const days: number = input.PendingWindowInDays ?? 30;
  if (days < 7 || days > 30) fail('ValidationException', `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`);
}

export const op = keyChangeOp('ScheduleKeyDeletion', (row, input) => {
  const days: number = input.PendingWindowInDays ?? 30;
  requireState('schedule', row.state, row.arn);
  return { state: 'PendingDeletion', deletion_date: Date.now() + days * DAY, pending_window_days: days };
}, (row) => ({ KeyId: row.arn, DeletionDate: new Date(row.deletion_date!), KeyState: row.state, PendingWindowInDays: row.pending_window_days }), checkWindow);
