/**
 * DeleteImportedKeyMaterial: forgets imported material at once (the current one unless
 * KeyMaterialId names another); the key becomes PendingImport until the same material returns.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { removeImported, requireExternal } from '../../keys/imported.js';
import { requireState } from '../../keys/lifecycle.js';
import { findMaterial } from '../../keys/materials.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'DeleteImportedKeyMaterial',
  action: 'kms:DeleteImportedKeyMaterial',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:DeleteImportedKeyMaterial', key);
    requireExternal(key.row);
    const { row, materialId } = await removeImported(ctx, key.row.id, (row, rows) => {
      requireState('deleteImported', row.state, row.arn);
      const wanted: string | null = input.KeyMaterialId ?? row.current_material_id;
      if (wanted === null) return fail('KMSInvalidStateException', `${row.arn} is pending import.`);
      const m = findMaterial(rows, wanted);
      if (!m) return fail('NotFoundException', `Key material ${wanted} is not associated with ${row.arn}.`);
      if (m.import_state !== 'IMPORTED') fail('KMSInvalidStateException', `Key material ${m.id} of ${row.arn} is pending import.`);
      return m;
    });
    return { KeyId: row.arn, KeyMaterialId: materialId };
  },
};
