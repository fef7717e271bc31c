/**
 * Rotation of symmetric encryption keys: a new material becomes current, every earlier one stays
 * for decryption (ciphertexts name their material). AWS_KMS keys get fresh material; EXTERNAL keys
 * promote the material imported for the rotation (PENDING_ROTATION). A multi-Region primary key
 * rotates its whole set: every replica gets the same new material in the same transaction.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import { generateMaterial } from '../crypto/keygen.js';
import { random } from '../crypto/random.js';
import type { KeyRow, Store } from '../store/store.js';
import { isSymmetricEncryption } from './key-specs.js';
import { externalKeyPatch, materialRow, sealMaterial } from './materials.js';
import { changeKeyWith } from './mutate.js';
import { multiRegionKeyType } from './multi-region.js';

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

/** The rotation's new material: its id, and its plaintext when freshly generated (AWS_KMS keys). */
interface NewMaterial { id: string; material?: Buffer }

/** Adds the new material (or promotes the pending import). */
async function nextMaterial(ctx: Ctx, tx: Store, row: KeyRow, type: RotationType, now: number): Promise<NewMaterial> {
  if (row.origin === 'EXTERNAL') {
    const pending = (await tx.listMaterials(row.id)).find((m) => m.material_state === 'PENDING_ROTATION');
    if (!pending) fail('KMSInvalidStateException', `${row.arn} has no imported key material in PENDING_ROTATION state; import new key material first.`);
    await tx.updateMaterial(row.id, pending.id, { material_state: 'CURRENT', rotation_type: type, rotated_at: now });
    return { id: pending.id };
  }
  const id = random(32).toString('hex');
  const material = generateMaterial(row.key_spec);
  try {
    await tx.insertMaterial(materialRow(row.id, id, sealMaterial(ctx, row.id, id, material), row.origin, now, { rotation_type: type, rotated_at: now }));
  } catch (err) { material.fill(0); throw err; }
  return { id, material }; // the caller zeroes it once every key of the set has its copy
}

/**
 * The same rotation in another key of a multi-Region set: the generated material sealed for that
 * key's row, or (EXTERNAL) the pending material, which must already be imported there too.
 */
async function rotateSibling(ctx: Ctx, tx: Store, sib: KeyRow, fresh: NewMaterial, type: RotationType, now: number): Promise<Patch> {
  if (sib.current_material_id) await tx.updateMaterial(sib.id, sib.current_material_id, { material_state: 'NON_CURRENT' });
  const over = { rotation_type: type, rotated_at: now };
  if (fresh.material) {
    await tx.insertMaterial(materialRow(sib.id, fresh.id, sealMaterial(ctx, sib.id, fresh.id, fresh.material), sib.origin, now, over));
    return {};
  }
  const pending = (await tx.listMaterials(sib.id)).find((m) => m.id === fresh.id);
  if (pending?.import_state !== 'IMPORTED') fail('KMSInvalidStateException', `${sib.arn} does not have the new key material yet; import it into every replica key before rotating.`);
  await tx.updateMaterial(sib.id, fresh.id, { material_state: 'CURRENT', ...over });
  return externalKeyPatch(tx, sib);
}

/**
 * Rotates key `keyId` (and every other key of its multi-Region set): `decide(row)` re-checks the
 * key inside the transaction (throw to refuse) and returns the other fields to change. Returns the
 * updated key row.
 */
export async function rotateKey(ctx: Ctx, keyId: string, type: RotationType, decide: (row: KeyRow) => Patch): Promise<KeyRow> {
  let fresh: NewMaterial | undefined;
  const now = Date.now();
  try {
    return await changeKeyWith(ctx, keyId, async (tx, row) => {
      const extra = decide(row);
      fresh?.material?.fill(0); // a retried attempt generates anew
      fresh = await nextMaterial(ctx, tx, row, type, now);
      if (row.current_material_id) await tx.updateMaterial(row.id, row.current_material_id, { material_state: 'NON_CURRENT' });
      const external = row.origin === 'EXTERNAL' ? await externalKeyPatch(tx, row) : {};
      return { ...extra, ...external, current_material_id: fresh.id };
    }, (tx, sib) => rotateSibling(ctx, tx, sib, fresh!, type, now));
  } finally { fresh?.material?.fill(0); }
}

/** UnsupportedOperationException for a multi-Region replica key: the primary manages the set's rotation. */
export function requireNotReplica(row: KeyRow): void {
  if (multiRegionKeyType(row) === 'REPLICA') {
    fail('UnsupportedOperationException', `${row.arn} is a multi-Region replica key; manage the rotation of its set on the primary key in ${row.primary_region}.`);
  }
}
