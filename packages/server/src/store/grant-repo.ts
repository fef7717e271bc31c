/** KMS grants. */
import type { Selectable } from 'kysely';
import type { GrantsTable } from './schema.js';
import type { Db, Guard } from './store.js';

export type GrantRow = Selectable<GrantsTable>;

/** Grant rows; obtained from `store.grants`. */
export class GrantRepo {
  constructor(private readonly db: Db, private readonly guard: Guard) {}

  async insert(g: GrantRow): Promise<void> { await this.guard(this.db.insertInto('grants').values(g).execute()); }
  get(id: string): Promise<GrantRow | undefined> {
    return this.db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  }
  /** Grants of a key in creation order (after grant id `after`). */
  ofKey(keyId: string, after?: string, limit = 100_000): Promise<GrantRow[]> {
    let q = this.db.selectFrom('grants').selectAll().where('key_id', '=', keyId);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }
  /** The key's grants with this name (CreateGrant's idempotence). */
  named(keyId: string, name: string): Promise<GrantRow[]> {
    return this.db.selectFrom('grants').selectAll().where('key_id', '=', keyId).where('name', '=', name).execute();
  }
  countOfKey(keyId: string): Promise<number> {
    return this.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).where('key_id', '=', keyId).executeTakeFirst().then((r) => Number(r?.n ?? 0));
  }
  retirableBy(principal: string, after?: string, limit = 100): Promise<GrantRow[]> {
    let q = this.db.selectFrom('grants').selectAll().where('retiring_principal', '=', principal);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }
  async delete(id: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('grants').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
  }
}
