/**
 * ReplicateKey's domain half: a replica row for another region, with the set's shared fields and
 * every material of the primary sealed anew for the replica's row (EXTERNAL keys: placeholders
 * waiting for the same material to be imported). Written under the primary's version, so a rotation
 * racing with it either includes the new replica or makes this attempt start again.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import { DuplicateError, type KeyRow, type Store } from '../store/store.js';
import { keyArn } from './arn.js';
import { requireState } from './lifecycle.js';
import { sealMaterial, unsealMaterial } from './materials.js';
import { keyIdOf, multiRegionKeyType, rowIdOf } from './multi-region.js';
import { changeKeyWith } from './mutate.js';

/** What the replica has of its own. */
export interface ReplicaSettings { region: string; policy: string; description: string; tags: { key: string; value: string }[] }

/** UnsupportedOperationException unless `row` is the primary key of a multi-Region key. */
export function requirePrimary(row: KeyRow): void {
  const type = multiRegionKeyType(row);
  if (type === undefined) fail('UnsupportedOperationException', `${row.arn} is not a multi-Region key.`);
  if (type === 'REPLICA') fail('UnsupportedOperationException', `${row.arn} is a multi-Region replica key; only its primary key in ${row.primary_region} can do this.`);
}

/** Copies the primary's materials to the replica row. */
async function copyMaterials(ctx: Ctx, tx: Store, primary: KeyRow, replica: KeyRow): Promise<void> {
  for (const m of await tx.listMaterials(primary.id)) {
    if (primary.origin === 'EXTERNAL') {
      await tx.insertMaterial({ ...m, key_id: replica.id, sealed: Buffer.alloc(0), import_state: 'PENDING_IMPORT', description: null, expiration_model: null, valid_to: null });
      continue;
    }
    const plain = unsealMaterial(ctx, primary.id, m.id, m.sealed);
    try {
      await tx.insertMaterial({ ...m, key_id: replica.id, sealed: sealMaterial(ctx, replica.id, m.id, plain) });
    } finally { plain.fill(0); }
  }
}

/** Creates the replica of primary key row `primaryId` in `s.region`; returns it and its whole set. */
export async function replicateKey(ctx: Ctx, primaryId: string, s: ReplicaSettings): Promise<{ replica: KeyRow; members: KeyRow[] }> {
  let replica: KeyRow | undefined;
  await changeKeyWith(ctx, primaryId, async (tx, primary) => {
    requirePrimary(primary);
    requireState('replicate', primary.state, primary.arn);
    const keyId = keyIdOf(primary);
    const now = Date.now();
    replica = {
      ...primary, id: rowIdOf(keyId, s.region), region: s.region, arn: keyArn(s.region, primary.account_id, keyId),
      description: s.description, policy: s.policy, state: primary.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      created_at: now, deletion_date: null, pending_window_days: null, expiration_model: null, valid_to: null, version: 1,
    };
    try { await tx.insertKey(replica); } catch (err) {
      if (err instanceof DuplicateError) fail('AlreadyExistsException', `A key with id ${keyId} already exists in ${s.region}.`);
      throw err;
    }
    await copyMaterials(ctx, tx, primary, replica);
    await tx.putTags(replica.id, s.tags);
    return {}; // the primary's new version orders this against concurrent rotations
  });
  const row = replica!;
  await ctx.bus.publish({ kind: 'key', id: row.id });
  return { replica: row, members: await ctx.store.keySets.members(keyIdOf(row)) };
}
