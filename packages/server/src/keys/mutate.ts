/**
 * Changing a key: read the row, decide, write only if nobody changed it meanwhile (optimistic
 * concurrency on `version`), then invalidate every cache before the change is acknowledged.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import type { KeyRow, Store } from '../store/store.js';

type Patch = Partial<Omit<KeyRow, 'id' | 'version'>>;

/** Another writer changed the row between our read and our write. */
class Stale extends Error {}

/** Applies `decide(row)` to key `keyId`; `decide` throws to refuse. Returns the updated row. */
export async function changeKey(ctx: Ctx, keyId: string, decide: (row: KeyRow) => Patch): Promise<KeyRow> {
  return changeKeyWith(ctx, keyId, async (_tx, row) => decide(row));
}

/**
 * Like changeKey, but `work` may also write the key's other rows (materials) through `tx`: they
 * commit together with the key's new version, or not at all.
 */
export async function changeKeyWith(ctx: Ctx, keyId: string, work: (tx: Store, row: KeyRow) => Promise<Patch>): Promise<KeyRow> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const done = await ctx.store.transaction(async (tx) => {
      const row = await tx.getKey(keyId);
      if (!row) fail('NotFoundException', `Key '${keyId}' does not exist`);
      const patch = await work(tx, row);
      if (!(await tx.updateKey(keyId, row.version, patch))) throw new Stale();
      return { ...row, ...patch, version: row.version + 1 };
    }).catch((err: unknown) => { if (err instanceof Stale) return undefined; throw err; });
    if (done) {
      await ctx.bus.publish({ kind: 'key', id: keyId });
      return done;
    }
  }
  return fail('ConflictException', `Key '${keyId}' is being changed by another request; try again.`);
}
