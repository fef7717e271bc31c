/** The rows of multi-Region key sets: one `keys` row per region, row id `<mrk id>/<region>`. */
import type { Db } from './store.js';
import type { KeyRow } from './store.js';

/** Multi-Region key sets; obtained from `store.keySets`. */
export class KeySetRepo {
  constructor(private readonly db: Db) {}

  /** Every regional key of multi-Region key `keyId`, in region order. */
  members(keyId: string): Promise<KeyRow[]> {
    // Row ids are `<mrk id>/<region>` (an mrk id holds no LIKE wildcard). LIKE, not a range, because a
    // PostgreSQL database with a linguistic collation does not order '/' by its code point.
    return this.db.selectFrom('keys').selectAll().where('id', 'like', `${keyId}/%`).orderBy('region').execute();
  }
  /** Ids of primary keys waiting for their replicas to be deleted. */
  async awaitingReplicaDeletion(limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('keys').select('id').where('state', '=', 'PendingReplicaDeletion').limit(limit).execute();
    return rows.map((r) => r.id);
  }
}
