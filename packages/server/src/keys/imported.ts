/**
 * Imported key material (EXTERNAL keys): importing, re-importing the same material, importing new
 * material for an on-demand rotation, and deleting (by request or at ValidTo). A deleted material
 * keeps its row and id, so the same material imported again opens every earlier ciphertext.
 * Multi-Region keys: new material goes into the primary key, and every replica gets a placeholder
 * (same id, PENDING_IMPORT) that only the same material, imported there, fills.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import { safeEqual } from '../crypto/aead.js';
import type { KeyRow, MaterialRow } from '../store/store.js';
import { isSymmetricEncryption } from './key-specs.js';
import { requireState } from './lifecycle.js';
import { externalKeyPatch, findMaterial, importedMaterialId, materialRow, sealMaterial } from './materials.js';
import { changeKeyWith } from './mutate.js';
import { multiRegionKeyType } from './multi-region.js';

/** How one ImportKeyMaterial call wants the material recorded. */
export interface ImportRequest {
  importType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
  materialId?: string;
  description?: string;
  expirationModel: string;
  validTo: number | null;
}

/** Refuses NEW_KEY_MATERIAL where a second material cannot be added. */
function checkNewMaterial(row: KeyRow, rows: readonly MaterialRow[]): void {
  if (rows.length === 0) return;
  if (!isSymmetricEncryption(row.key_spec)) fail('IncorrectKeyMaterialException', `${row.arn} already has key material; keys of spec ${row.key_spec} take only one.`);
  if (rows.some((m) => m.material_state === 'PENDING_ROTATION')) {
    fail('KMSInvalidStateException', `${row.arn} already has imported key material pending rotation; rotate or delete it first.`);
  }
}

/** Records plaintext `material` (already checked for the key spec) in key `keyId`; returns its KeyMaterialId. */
export async function importInto(ctx: Ctx, keyId: string, material: Buffer, req: ImportRequest): Promise<string> {
  const id = importedMaterialId(ctx, keyId, material);
  if (req.materialId !== undefined && !safeEqual(Buffer.from(req.materialId), Buffer.from(id))) {
    fail('IncorrectKeyMaterialException', 'The key material does not match the KeyMaterialId given.');
  }
  let added: MaterialRow | undefined;
  await changeKeyWith(ctx, keyId, async (tx, row) => {
    requireState('import', row.state, row.arn);
    const rows = await tx.listMaterials(keyId);
    const known = findMaterial(rows, id);
    const type = req.importType ?? (rows.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
    if (type === 'NEW_KEY_MATERIAL' && multiRegionKeyType(row) === 'REPLICA') {
      fail('UnsupportedOperationException', `${row.arn} is a multi-Region replica key: import new key material into its primary key in ${row.primary_region}, then the same material here as EXISTING_KEY_MATERIAL.`);
    }
    const fields = { sealed: sealMaterial(ctx, keyId, id, material), import_state: 'IMPORTED', expiration_model: req.expirationModel, valid_to: req.validTo };
    if (type === 'EXISTING_KEY_MATERIAL') {
      if (!known) fail('IncorrectKeyMaterialException', 'The key material is not the key material previously imported into this KMS key.');
      await tx.updateMaterial(keyId, id, { ...fields, ...(req.description !== undefined ? { description: req.description } : {}) });
    } else {
      if (known) fail('IncorrectKeyMaterialException', 'New key material was expected, but this key material is already associated with the KMS key.');
      checkNewMaterial(row, rows);
      const state = rows.length === 0 ? 'CURRENT' : 'PENDING_ROTATION';
      added = materialRow(keyId, id, fields.sealed, 'EXTERNAL', Date.now(), { ...fields, material_state: state, description: req.description ?? null });
      await tx.insertMaterial(added);
    }
    return { ...(await externalKeyPatch(tx, row)), ...(rows.length === 0 ? { current_material_id: id } : {}) };
  }, async (tx, sib) => {
    if (!added) return {};
    await tx.insertMaterial({ ...added, key_id: sib.id, sealed: Buffer.alloc(0), import_state: 'PENDING_IMPORT', description: null, expiration_model: null, valid_to: null });
    return externalKeyPatch(tx, sib);
  });
  return id;
}

/**
 * Deletes one imported material: `pick` chooses it from the key's materials (throw to refuse).
 * Associated material keeps its row without the secret (PENDING_IMPORT, the key then PendingImport);
 * material pending rotation is removed outright. Returns the key row and the material id.
 */
export async function removeImported(ctx: Ctx, keyId: string, pick: (row: KeyRow, rows: readonly MaterialRow[]) => MaterialRow): Promise<{ row: KeyRow; materialId: string }> {
  let materialId = '';
  let dropped = false; // material pending rotation removed from a primary goes from its replicas too
  const row = await changeKeyWith(ctx, keyId, async (tx, row) => {
    const m = pick(row, await tx.listMaterials(keyId));
    materialId = m.id;
    dropped = m.material_state === 'PENDING_ROTATION' && multiRegionKeyType(row) !== 'REPLICA';
    if (dropped) await tx.deleteMaterial(keyId, m.id);
    else await tx.updateMaterial(keyId, m.id, { import_state: 'PENDING_IMPORT', sealed: Buffer.alloc(0) });
    return externalKeyPatch(tx, row);
  }, async (tx, sib) => {
    if (dropped) await tx.deleteMaterial(sib.id, materialId);
    return {};
  });
  return { row, materialId };
}

/** Throws UnsupportedOperationException unless the key was made for imported material. */
export function requireExternal(row: KeyRow): void {
  if (row.origin !== 'EXTERNAL') fail('UnsupportedOperationException', `${row.arn} origin is ${row.origin} which is not valid for this operation.`);
}
