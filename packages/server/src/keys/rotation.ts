/**
 * Rotation of symmetric encryption keys: a new material becomes current, every earlier one stays
 * for decryption (ciphertexts name their material). AWS_KMS keys get fresh material; EXTERNAL keys
 * promote the material imported for the rotation (PENDING_ROTATION).
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import { generateMaterial } from '../crypto/keygen.js';
import { random } from '../crypto/random.js';
import type { KeyRow, Store } from '../store/store.js';
import { isSymmetricEncryption } from './key-specs.js';
import { externalKeyPatch, materialRow, sealMaterial } from './materials.js';
import { changeKeyWith } from './mutate.js';

export const DAY = 86_400_000;
/** AWS allows this many RotateKeyOnDemand calls per key. */
export const MAX_ON_DEMAND_ROTATIONS = 25;

type Patch = Partial<Omit<KeyRow, 'id' | 'version'>>;
export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';

/** Throws UnsupportedOperationException for keys that cannot rotate: anything but symmetric encryption keys. */
export function requireRotatable(row: KeyRow): void {
  if (!isSymmetricEncryption(row.key_spec)) fail('UnsupportedOperationException', `${row.arn} key spec is ${row.key_spec}, which does not support key rotation.`);
  if (row.custom_key_store_id !== null) fail('UnsupportedOperationException', `${row.arn} is in a custom key store, whose keys cannot be rotated.`);
}

/** Throws UnsupportedOperationException for imported keys, which have no automatic rotation. */
export function requireAutomaticRotatable(row: KeyRow): void {
  requireRotatable(row);
  if (row.origin !== 'AWS_KMS') fail('UnsupportedOperationException', `${row.arn} origin is ${row.origin} which is not valid for automatic key rotation.`);
}

/** Adds the new material (or promotes the pending import) and returns its id. */
async function nextMaterial(ctx: Ctx, tx: Store, row: KeyRow, type: RotationType, now: number): Promise<string> {
  if (row.origin === 'EXTERNAL') {
    const pending = (await tx.listMaterials(row.id)).find((m) => m.material_state === 'PENDING_ROTATION');
    if (!pending) fail('KMSInvalidStateException', `${row.arn} has no imported key material in PENDING_ROTATION state; import new key material first.`);
    await tx.updateMaterial(row.id, pending.id, { material_state: 'CURRENT', rotation_type: type, rotated_at: now });
    return pending.id;
  }
  const id = random(32).toString('hex');
  const material = generateMaterial(row.key_spec);
  try {
    await tx.insertMaterial(materialRow(row.id, id, sealMaterial(ctx, row.id, id, material), row.origin, now, { rotation_type: type, rotated_at: now }));
  } finally { material.fill(0); }
  return id;
}

/**
 * Rotates key `keyId`: `decide(row)` re-checks the key inside the transaction (throw to refuse)
 * and returns the other fields to change. Returns the updated key row.
 */
export async function rotateKey(ctx: Ctx, keyId: string, type: RotationType, decide: (row: KeyRow) => Patch): Promise<KeyRow> {
  return changeKeyWith(ctx, keyId, async (tx, row) => {
    const extra = decide(row);
    const now = Date.now();
    const id = await nextMaterial(ctx, tx, row, type, now);
    if (row.current_material_id) await tx.updateMaterial(row.id, row.current_material_id, { material_state: 'NON_CURRENT' });
    const external = row.origin === 'EXTERNAL' ? await externalKeyPatch(tx, row) : {};
    return { ...extra, ...external, current_material_id: id };
  });
}
