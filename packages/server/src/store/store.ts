/**
 * The Store: every durable read and write Trent makes, behind one async, transactional interface,
 * written once with Kysely for every dialect.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Dialect } from './dialects.js';
import { migrate } from './migrate.js';
import { IamRepo } from './iam-repo.js';
import { GrantRepo } from './grant-repo.js';
import { AuditRepo } from './audit-repo.js';
import { CustomKeyStoreRepo } from './custom-key-store-repo.js';
import { KeySetRepo } from './key-set-repo.js';
import { AuditIntegrityRepo } from './audit-integrity-repo.js';
import type {
  AccessKeysTable, AliasesTable, Database, ImportParametersTable, KeyMaterialsTable, KeysTable, TagsTable, UsersTable,
} from './schema.js';

export type KeyRow = Selectable<KeysTable>;
export type MaterialRow = Selectable<KeyMaterialsTable>;
export type ImportParametersRow = Selectable<ImportParametersTable>;
export type AliasRow = Selectable<AliasesTable>;
export type TagRow = Selectable<TagsTable>;
export type UserRow = Selectable<UsersTable>;
export type AccessKeyRow = Selectable<AccessKeysTable>;

/** Raised when an insert collides with an existing primary or unique key. */
export class DuplicateError extends Error {}

export type Db = Kysely<Database> | Transaction<Database>;
/** Maps unique-constraint violations to DuplicateError. */
export type Guard = <T>(p: Promise<T>) => Promise<T>;

/** Durable state. Obtain with `Store.open`, close with `close()`. */
export class Store {
  private constructor(private readonly db: Db, readonly dialect: Dialect) {}

  /** IAM identities, inline policies, STS sessions. */
  get iam(): IamRepo { return new IamRepo(this.db, (p) => this.guard(p)); }

  /** KMS grants. */
  get grants(): GrantRepo { return new GrantRepo(this.db, (p) => this.guard(p)); }

  /** The audit log's chains and events. */
  get audit(): AuditRepo { return new AuditRepo(this.db, (p) => this.guard(p), this.dialect.name); }
  /** Custom key stores. */
  get customKeyStores(): CustomKeyStoreRepo { return new CustomKeyStoreRepo(this.db, (p) => this.guard(p)); }
  /** The regional keys of multi-Region key sets. */
  get keySets(): KeySetRepo { return new KeySetRepo(this.db); }
  /** Audit chains, digests, signing keys and the retention cut. */
  get auditIntegrity(): AuditIntegrityRepo { return new AuditIntegrityRepo(this.db, (p) => this.guard(p)); }

  /** Opens the database and runs pending migrations. */
  static async open(dialect: Dialect): Promise<Store> {
    const db = dialect.open();
    await migrate(db as unknown as Kysely<unknown>, dialect);
    return new Store(db, dialect);
  }

  /** Runs `fn` in one transaction: everything it does commits together or not at all. */
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((tx) => fn(new Store(tx, this.dialect)));
  }

  async close(): Promise<void> {
    if (!this.db.isTransaction) await (this.db as Kysely<Database>).destroy();
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try { return await p; } catch (err) {
      if (this.dialect.isUniqueViolation(err)) throw new DuplicateError('duplicate');
      throw err;
    }
  }

  // ── meta and keyring ────────────────────────────────────────────────
  async getMeta(name: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirst();
    return r?.value;
  }
  async setMeta(name: string, value: string): Promise<void> {
    await this.db.insertInto('meta').values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
  }
  async getKeyring(): Promise<{ provider: string; wrapped: Buffer } | undefined> {
    return this.db.selectFrom('keyring').select(['provider', 'wrapped']).where('id', '=', 1).executeTakeFirst();
  }
  /** Writes the wrapped keyring; `create` fails with DuplicateError when one already exists. */
  async putKeyring(provider: string, wrapped: Buffer, create: boolean): Promise<void> {
    const row = { id: 1, provider, wrapped, updated_at: Date.now() };
    if (create) await this.guard(this.db.insertInto('keyring').values(row).execute());
    else await this.db.updateTable('keyring').set(row).where('id', '=', 1).execute();
  }

  // ── accounts, users, access keys ────────────────────────────────────
  async insertAccount(id: string): Promise<void> {
    await this.guard(this.db.insertInto('accounts').values({ id, created_at: Date.now() }).execute());
  }
  async listAccounts(): Promise<string[]> {
    return (await this.db.selectFrom('accounts').select('id').orderBy('id').execute()).map((r) => r.id);
  }
  async insertUser(u: UserRow): Promise<void> {
    await this.guard(this.db.insertInto('users').values(u).execute());
  }
  async getUser(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }
  async insertAccessKey(k: AccessKeyRow): Promise<void> {
    await this.guard(this.db.insertInto('access_keys').values(k).execute());
  }
  async getAccessKey(id: string): Promise<AccessKeyRow | undefined> {
    return this.db.selectFrom('access_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  // ── keys and their materials ────────────────────────────────────────
  async insertKey(k: KeyRow): Promise<void> {
    await this.guard(this.db.insertInto('keys').values(k).execute());
  }
  async getKey(id: string): Promise<KeyRow | undefined> {
    return this.db.selectFrom('keys').selectAll().where('id', '=', id).executeTakeFirst();
  }
  /** Keys of one account and region in id order, starting after `after`. */
  async listKeys(accountId: string, region: string, after: string | undefined, limit: number): Promise<KeyRow[]> {
    let q = this.db.selectFrom('keys').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }
  /**
   * Applies `patch` when the row is still at `version`; returns false when another writer got there
   * first (the caller re-reads and decides again).
   */
  async updateKey(id: string, version: number, patch: Partial<Omit<KeyRow, 'id' | 'version'>>): Promise<boolean> {
    const r = await this.db.updateTable('keys').set({ ...patch, version: version + 1 })
      .where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  /** Removes a key and, by cascade, its materials, aliases and tags. */
  async deleteKey(id: string): Promise<boolean> {
    await this.db.deleteFrom('key_materials').where('key_id', '=', id).execute();
    await this.db.deleteFrom('import_parameters').where('key_id', '=', id).execute();
    await this.db.deleteFrom('aliases').where('key_id', '=', id).execute();
    await this.db.deleteFrom('tags').where('key_id', '=', id).execute();
    await this.db.deleteFrom('grants').where('key_id', '=', id).execute();
    const r = await this.db.deleteFrom('keys').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }
  /**
   * Inside a transaction: reads a key and holds its row until the transaction ends. On PostgreSQL a
   * row another transaction holds is skipped (undefined): that node owns the work. SQLite's
   * `begin immediate` already serialises writers, so there it is a plain read.
   */
  async claimKey(id: string): Promise<KeyRow | undefined> {
    const q = this.db.selectFrom('keys').selectAll().where('id', '=', id);
    return (this.dialect.rowLocks ? q.forUpdate().skipLocked() : q).executeTakeFirst();
  }
  /**
   * Inside a transaction: waits for a key's row and holds it until the transaction ends, so changes
   * to the key's other rows (grants) run one at a time on every node. SQLite's `begin immediate`
   * already serialises writers, so there it is a plain read.
   */
  async holdKey(id: string): Promise<KeyRow | undefined> {
    const q = this.db.selectFrom('keys').selectAll().where('id', '=', id);
    return (this.dialect.rowLocks ? q.forUpdate() : q).executeTakeFirst();
  }
  /** Ids of keys whose deletion date has passed. */
  async keysDueForDeletion(now: number, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('keys').select('id').where('state', '=', 'PendingDeletion')
      .where('deletion_date', '<=', now).limit(limit).execute();
    return rows.map((r) => r.id);
  }
  async insertMaterial(m: MaterialRow): Promise<void> {
    await this.guard(this.db.insertInto('key_materials').values(m).execute());
  }
  /** A key's materials, oldest first. */
  async listMaterials(keyId: string): Promise<MaterialRow[]> {
    return this.db.selectFrom('key_materials').selectAll().where('key_id', '=', keyId).orderBy('created_at').orderBy('id').execute();
  }
  async updateMaterial(keyId: string, id: string, patch: Partial<Omit<MaterialRow, 'id' | 'key_id'>>): Promise<void> {
    await this.db.updateTable('key_materials').set(patch).where('key_id', '=', keyId).where('id', '=', id).execute();
  }
  async deleteMaterial(keyId: string, id: string): Promise<void> {
    await this.db.deleteFrom('key_materials').where('key_id', '=', keyId).where('id', '=', id).execute();
  }
  /** Ids of enabled keys whose automatic rotation is due. */
  async keysDueForRotation(now: number, limit: number): Promise<string[]> {
    // Replicas of a multi-Region key carry the set's schedule but rotate with their primary.
    const rows = await this.db.selectFrom('keys').select('id').where('state', '=', 'Enabled')
      .where('next_rotation_at', '<=', now).where((eb) => eb.or([eb('primary_region', 'is', null), eb('primary_region', '=', eb.ref('region'))]))
      .limit(limit).execute();
    return rows.map((r) => r.id);
  }
  /** Imported materials whose ValidTo has passed. */
  async materialsDueToExpire(now: number, limit: number): Promise<{ key_id: string; id: string }[]> {
    return this.db.selectFrom('key_materials').select(['key_id', 'id']).where('import_state', '=', 'IMPORTED')
      .where('valid_to', '<=', now).limit(limit).execute();
  }

  // ── import parameters (wrapping key pairs) ──────────────────────────
  async insertImportParameters(p: ImportParametersRow): Promise<void> {
    await this.guard(this.db.insertInto('import_parameters').values(p).execute());
  }
  async getImportParameters(id: string): Promise<ImportParametersRow | undefined> {
    return this.db.selectFrom('import_parameters').selectAll().where('id', '=', id).executeTakeFirst();
  }
  /** Forgets wrapping key pairs that expired before `before`; returns how many. */
  async deleteImportParametersBefore(before: number): Promise<number> {
    const r = await this.db.deleteFrom('import_parameters').where('expires_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // ── aliases ─────────────────────────────────────────────────────────
  async insertAlias(a: AliasRow): Promise<void> {
    await this.guard(this.db.insertInto('aliases').values(a).execute());
  }
  async getAlias(accountId: string, region: string, name: string): Promise<AliasRow | undefined> {
    return this.db.selectFrom('aliases').selectAll().where('account_id', '=', accountId)
      .where('region', '=', region).where('name', '=', name).executeTakeFirst();
  }
  async updateAlias(accountId: string, region: string, name: string, keyId: string): Promise<boolean> {
    const r = await this.db.updateTable('aliases').set({ key_id: keyId, updated_at: Date.now() })
      .where('account_id', '=', accountId).where('region', '=', region).where('name', '=', name).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async deleteAlias(accountId: string, region: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('aliases').where('account_id', '=', accountId)
      .where('region', '=', region).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }
  /** Aliases of an account and region (of one key when `keyId` is given), in name order after `after`. */
  async listAliases(accountId: string, region: string, keyId: string | undefined, after: string | undefined, limit: number): Promise<AliasRow[]> {
    let q = this.db.selectFrom('aliases').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (keyId !== undefined) q = q.where('key_id', '=', keyId);
    if (after !== undefined) q = q.where('name', '>', after);
    return q.orderBy('name').limit(limit).execute();
  }

  // ── tags ────────────────────────────────────────────────────────────
  async putTags(keyId: string, tags: readonly { key: string; value: string }[]): Promise<void> {
    for (const t of tags) {
      await this.db.insertInto('tags').values({ key_id: keyId, tag_key: t.key, tag_value: t.value })
        .onConflict((oc) => oc.columns(['key_id', 'tag_key']).doUpdateSet({ tag_value: t.value })).execute();
    }
  }
  async deleteTags(keyId: string, keys: readonly string[]): Promise<void> {
    if (keys.length) await this.db.deleteFrom('tags').where('key_id', '=', keyId).where('tag_key', 'in', keys).execute();
  }
  async listTags(keyId: string, after?: string, limit = 1000): Promise<TagRow[]> {
    let q = this.db.selectFrom('tags').selectAll().where('key_id', '=', keyId);
    if (after !== undefined) q = q.where('tag_key', '>', after);
    return q.orderBy('tag_key').limit(limit).execute();
  }

  // ── whole tables (backup and restore only) ──────────────────────────
  /** Runs `fn` (reads only) on one consistent snapshot (PostgreSQL: repeatable read; SQLite: a deferred WAL read transaction, writers go on). */
  async snapshot<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return (this.db as Kysely<Database>).transaction().setIsolationLevel('repeatable read').execute((tx) => fn(new Store(tx, this.dialect)));
  }
  /** Trent's tables, each after the tables it references (creation order), without schema_migrations. */
  async tableNames(): Promise<string[]> {
    return (await this.dialect.tablesInCreationOrder(this.db as unknown as Kysely<unknown>)).filter((t) => t !== 'schema_migrations');
  }
  /** Every row of `table`, untyped. */
  async allRows(table: string): Promise<Record<string, unknown>[]> {
    return (this.db as unknown as Kysely<any>).selectFrom(table).selectAll().execute();
  }
  /** Inserts untyped rows into `table`. */
  async insertRows(table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length) await this.guard((this.db as unknown as Kysely<any>).insertInto(table).values(rows).execute());
  }
}
