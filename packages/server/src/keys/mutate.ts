/**
 * Changing a key: read the row, decide, write only if nobody changed it meanwhile (optimistic
 * concurrency on `version`), then invalidate every cache before the change is acknowledged. A
 * multi-Region key's shared fields change on every key of its set in the same transaction.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import type { KeyRow, Store } from '../store/store.js';
import { keyIdOf, SHARED_FIELDS } from './multi-region.js';

type Patch = Partial<Omit<KeyRow, 'id' | 'version'>>;
/** What else a change does to another key of the set (materials, its own fields). */
export type SiblingWork = (tx: Store, sibling: KeyRow) => Promise<Patch>;

/** Another writer changed the row between our read and our write. */
class Stale extends Error {}

/** Applies `decide(row)` to key `keyId`; `decide` throws to refuse. Returns the updated row. */
export async function changeKey(ctx: Ctx, keyId: string, decide: (row: KeyRow) => Patch): Promise<KeyRow> {
  return changeKeyWith(ctx, keyId, async (_tx, row) => decide(row));
}

/**
 * Like changeKey, but `work` may also write the key's other rows (materials) through `tx`, and
 * `sibling` the other keys of its multi-Region set: all commit together with the new versions, or not at all.
 */
export async function changeKeyWith(ctx: Ctx, keyId: string, work: (tx: Store, row: KeyRow) => Promise<Patch>, sibling?: SiblingWork): Promise<KeyRow> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const done = await ctx.store.transaction(async (tx) => {
      const row = await tx.getKey(keyId);
      if (!row) fail('NotFoundException', `Key '${keyIdOf(keyId)}' does not exist`);
      const patch = await work(tx, row);
      if (!(await tx.updateKey(keyId, row.version, patch))) throw new Stale();
      const changed = [keyId, ...(await syncSet(tx, row, patch, sibling))];
      return { row: { ...row, ...patch, version: row.version + 1 }, changed };
    }).catch((err: unknown) => { if (err instanceof Stale) return undefined; throw err; });
    if (done) {
      for (const id of done.changed) await ctx.bus.publish({ kind: 'key', id });
      return done.row;
    }
  }
  return fail('ConflictException', `Key '${keyIdOf(keyId)}' is being changed by another request; try again.`);
}

/** Gives every other key of `row`'s multi-Region set the shared part of `patch` and `sibling`'s work; returns their row ids. */
async function syncSet(tx: Store, row: KeyRow, patch: Patch, sibling: SiblingWork | undefined): Promise<string[]> {
  if (row.primary_region === null) return [];
  const shared: Patch = {};
  for (const f of SHARED_FIELDS) if (f in patch) (shared as Record<string, unknown>)[f] = patch[f];
  const changed: string[] = [];
  for (const sib of await tx.keySets.members(keyIdOf(row))) {
    if (sib.id === row.id) continue;
    const p = { ...shared, ...(sibling ? await sibling(tx, sib) : {}) };
    if (!sibling && Object.keys(p).length === 0) continue; // sibling work may have changed its materials: new version all the same
    if (!(await tx.updateKey(sib.id, sib.version, p))) throw new Stale();
    changed.push(sib.id);
  }
  return changed;
}
