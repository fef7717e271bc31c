/**
 * A key's materials: new rows, their ids, and what the key row shows about them. A key has a first
 * material, one more per rotation, and (EXTERNAL keys) possibly one imported material waiting for
 * an on-demand rotation (PENDING_ROTATION), which is not yet permanently associated with the key.
 */
import type { Ctx } from '../context.js';
import { hmac256, safeEqual } from '../crypto/aead.js';
import { lengthPrefixed } from '../crypto/encoding.js';
import type { KeyRow, MaterialRow, Store } from '../store/store.js';
import { keyIdOf } from './multi-region.js';

export type MaterialState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';

/** A material row with the lifecycle fields at their defaults. */
export function materialRow(keyId: string, id: string, sealed: Buffer, origin: string, now: number, over: Partial<MaterialRow> = {}): MaterialRow {
  return {
    id, key_id: keyId, sealed, origin, created_at: now, rotation_type: null, material_state: 'CURRENT',
    import_state: null, description: null, expiration_model: null, valid_to: null, rotated_at: null, ...over,
  };
}

/** Seals plaintext material for its row (table key_materials, row `<key row id>/<material id>`). */
export function sealMaterial(ctx: Pick<Ctx, 'keyring'>, keyId: string, materialId: string, material: Buffer): Buffer {
  return ctx.keyring.seal('key_materials', `${keyId}/${materialId}`, 'sealed', material);
}

/** Opens material sealed by sealMaterial for the same row. */
export function unsealMaterial(ctx: Pick<Ctx, 'keyring'>, keyId: string, materialId: string, sealed: Buffer): Buffer {
  return ctx.keyring.unseal('key_materials', `${keyId}/${materialId}`, 'sealed', sealed);
}

/**
 * The id of imported material: HMAC-SHA-256 under a keyring-derived key over the key id and the
 * material, so importing the same material into the same key always gives the same id (and
 * different material or another key a different one) without storing anything that reveals it.
 * `keyId` may be a row id: every regional key of a multi-Region key gives the same id.
 */
export function importedMaterialId(ctx: Ctx, keyId: string, material: Buffer): string {
  const k = ctx.keyring.derive('imported-material-id');
  try {
    return hmac256(k, lengthPrefixed(['trent-imported-material-id-v1', keyIdOf(keyId), material])).toString('hex');
  } finally { k.fill(0); }
}

/** The material among `rows` whose id is `id`, compared in constant time. */
export function findMaterial(rows: readonly MaterialRow[], id: string): MaterialRow | undefined {
  const want = Buffer.from(id, 'utf8');
  let found: MaterialRow | undefined;
  for (const m of rows) if (safeEqual(Buffer.from(m.id, 'utf8'), want)) found = m;
  return found;
}

/** True for materials permanently associated with the key (not waiting for a rotation). */
export function isAssociated(m: MaterialRow): boolean {
  return m.material_state !== 'PENDING_ROTATION';
}

/**
 * What an EXTERNAL key's row shows about its materials: ExpirationModel and the earliest ValidTo
 * of the associated imported ones, and whether every associated material is imported.
 */
export function externalSummary(rows: readonly MaterialRow[]): { patch: Pick<KeyRow, 'expiration_model' | 'valid_to'>; complete: boolean } {
  const associated = rows.filter(isAssociated);
  const imported = associated.filter((m) => m.import_state === 'IMPORTED');
  const expiring = imported.map((m) => m.valid_to).filter((v): v is number => v !== null);
  const model = imported.length === 0 ? null : expiring.length ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  return {
    patch: { expiration_model: model, valid_to: expiring.length ? Math.min(...expiring) : null },
    complete: associated.length > 0 && imported.length === associated.length,
  };
}

/** The key patch after an EXTERNAL key's materials changed: summary fields and PendingImport ⇄ Enabled. */
export async function externalKeyPatch(tx: Store, row: KeyRow): Promise<Partial<KeyRow>> {
  const { patch, complete } = externalSummary(await tx.listMaterials(row.id));
  if (row.state === 'PendingDeletion' || row.state === 'PendingReplicaDeletion') return patch; // deletion keeps its state, as AWS does
  if (!complete) return { ...patch, state: 'PendingImport' };
  return row.state === 'PendingImport' ? { ...patch, state: 'Enabled' } : patch;
}
