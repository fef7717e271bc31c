/**
 * Changing a key: read the row, decide, write only if nobody changed it meanwhile (optimistic
 * concurrency on `version`), then invalidate every cache before the change is acknowledged.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import type { KeyRow } from '../store/store.js';

type Patch = Partial<Omit<KeyRow, 'id' | 'version'>>;

/** Applies `decide(row)` to key `keyId`; `decide` throws to refuse. Returns the updated row. */
export async function changeKey(ctx: Ctx, keyId: string, decide: (row: KeyRow) => Patch): Promise<KeyRow> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = await ctx.store.getKey(keyId);
    if (!row) fail('NotFoundException', `Key '${keyId}' does not exist`);
    const patch = decide(row);
    if (await ctx.store.updateKey(keyId, row.version, patch)) {
      await ctx.bus.publish({ kind: 'key', id: keyId });
      return { ...row, ...patch, version: row.version + 1 };
    }
  }
  return fail('ConflictException', `Key '${keyId}' is being changed by another request; try again.`);
}
