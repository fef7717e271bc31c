/** Custom key stores and the keys that live in them. */
import type { Selectable } from 'kysely';
import type { CustomKeyStoresTable } from './schema.js';
import type { Db, Guard } from './store.js';

export type CustomKeyStoreRow = Selectable<CustomKeyStoresTable>;

/** Custom key store rows; obtained from `store.customKeyStores`. */
export class CustomKeyStoreRepo {
  constructor(private readonly db: Db, private readonly guard: Guard) {}

  /** Inserts a store; DuplicateError when its name is taken in the account and region. */
  async insert(row: CustomKeyStoreRow): Promise<void> { await this.guard(this.db.insertInto('custom_key_stores').values(row).execute()); }
  get(id: string): Promise<CustomKeyStoreRow | undefined> {
    return this.db.selectFrom('custom_key_stores').selectAll().where('id', '=', id).executeTakeFirst();
  }
  /** Stores of one account and region in id order after `after`, optionally only the one named `name`. */
  list(accountId: string, region: string, name: string | undefined, after: string | undefined, limit: number): Promise<CustomKeyStoreRow[]> {
    let q = this.db.selectFrom('custom_key_stores').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (name !== undefined) q = q.where('name', '=', name);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }
  /** The store of this account and region whose proxy URI (endpoint and path) is this one. */
  byProxyUri(accountId: string, region: string, endpoint: string, path: string): Promise<CustomKeyStoreRow | undefined> {
    return this.db.selectFrom('custom_key_stores').selectAll().where('account_id', '=', accountId).where('region', '=', region)
      .where('xks_uri_endpoint', '=', endpoint).where('xks_uri_path', '=', path).executeTakeFirst();
  }
  /** Applies `patch` when the row is still at `version`; false when another writer got there first. */
  async update(id: string, version: number, patch: Partial<Omit<CustomKeyStoreRow, 'id' | 'version'>>): Promise<boolean> {
    const r = await this.guard(this.db.updateTable('custom_key_stores').set({ ...patch, version: version + 1 })
      .where('id', '=', id).where('version', '=', version).executeTakeFirst());
    return Number(r.numUpdatedRows) === 1;
  }
  async delete(id: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('custom_key_stores').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
  }
  /** How many keys (in any state) live in the store. */
  async keyCount(storeId: string): Promise<number> {
    const r = await this.db.selectFrom('keys').select((eb) => eb.fn.countAll<number>().as('n')).where('custom_key_store_id', '=', storeId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  /** The id of the key of this store bound to external key `xksKeyId`, if any. */
  async keyOfXksKey(storeId: string, xksKeyId: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('keys').select('id').where('custom_key_store_id', '=', storeId).where('xks_key_id', '=', xksKeyId).executeTakeFirst();
    return r?.id;
  }
}
