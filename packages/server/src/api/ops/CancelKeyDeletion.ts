/** CancelKeyDeletion: PendingDeletion → Disabled (PendingImport when the key has no material). */
import { requireState } from '../../keys/lifecycle.js';
import { keyChangeOp } from './state-change.js';

export const op = keyChangeOp('CancelKeyDeletion', (row) => {
  requireState('cancel', row.state, row.arn);
  return { state: row.current_material_id ? 'Disabled' : 'PendingImport', deletion_date: null, pending_window_days: null };
}, (row) => ({ KeyId: row.arn }));
