/**
 * ListKeyRotations: the materials that rotations made current (ROTATIONS_ONLY, the default), or
 * every material including the first and any pending rotation (ALL_KEY_MATERIAL), oldest first.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';
import { keyIdOf } from '../../keys/multi-region.js';
import { requireRotatable } from '../../keys/rotation.js';
import type { KeyRow, MaterialRow } from '../../store/store.js';
import { afterMarker, page } from './paging.js';

/** One RotationsListEntry; the import fields only for EXTERNAL keys, as AWS shows them. */
function entry(row: KeyRow, m: MaterialRow): Record<string, unknown> {
  return {
    KeyId: keyIdOf(row),
    KeyMaterialId: m.id,
    KeyMaterialState: m.material_state,
    ...(m.rotated_at !== null ? { RotationDate: new Date(m.rotated_at), RotationType: m.rotation_type } : {}),
    ...(row.origin === 'EXTERNAL' ? {
      ImportState: m.import_state,
      ...(m.description !== null ? { KeyMaterialDescription: m.description } : {}),
      ...(m.expiration_model !== null ? { ExpirationModel: m.expiration_model } : {}),
      ...(m.valid_to !== null ? { ValidTo: new Date(m.valid_to) } : {}),
    } : {}),
  };
}

export const op: Operation = {
  name: 'ListKeyRotations',
  action: 'kms:ListKeyRotations',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:ListKeyRotations', key);
    requireRotatable(key.row);
    let rows = await ctx.store.listMaterials(key.row.id);
    if ((input.IncludeKeyMaterial ?? 'ROTATIONS_ONLY') === 'ROTATIONS_ONLY') rows = rows.filter((m) => m.rotated_at !== null);
    const after = afterMarker(input.Marker);
    const start = after === undefined ? 0 : rows.findIndex((m) => m.id === after) + 1;
    if (start === 0 && after !== undefined) fail('InvalidMarkerException', 'Invalid marker');
    const limit: number = input.Limit ?? 100;
    const p = page(rows.slice(start, start + limit + 1), limit, (m) => m.id);
    return { Rotations: p.items.map((m) => entry(key.row, m)), Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
  },
};
