/** First schema: accounts and identities, keys with their materials, aliases, tags, the keyring. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Builds the tables; `d` supplies the column types that differ between SQLite and PostgreSQL. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema.createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addUniqueConstraint('users_account_name', ['account_id', 'name'])
    .execute();
  await db.schema.createTable('access_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('secret_sealed', d.bytes, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createTable('keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('key_spec', 'text', (c) => c.notNull())
    .addColumn('key_usage', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('deletion_date', d.time)
    .addColumn('pending_window_days', 'integer')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('multi_region', 'integer', (c) => c.notNull())
    .addColumn('current_material_id', 'text')
    .addColumn('rotation_period_days', 'integer')
    .addColumn('next_rotation_at', d.time)
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('keys_by_account').on('keys').columns(['account_id', 'region', 'id']).execute();
  await db.schema.createIndex('keys_by_deletion').on('keys').columns(['state', 'deletion_date']).execute();
  await db.schema.createTable('key_materials')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull().references('keys.id').onDelete('cascade'))
    .addColumn('sealed', d.bytes, (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('rotation_type', 'text')
    .addPrimaryKeyConstraint('key_materials_pk', ['key_id', 'id'])
    .execute();
  await db.schema.createTable('aliases')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull().references('keys.id').onDelete('cascade'))
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('updated_at', d.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('aliases_pk', ['account_id', 'region', 'name'])
    .execute();
  await db.schema.createIndex('aliases_by_key').on('aliases').column('key_id').execute();
  await db.schema.createTable('tags')
    .addColumn('key_id', 'text', (c) => c.notNull().references('keys.id').onDelete('cascade'))
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['key_id', 'tag_key'])
    .execute();
  await db.schema.createTable('keyring')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('wrapped', d.bytes, (c) => c.notNull())
    .addColumn('updated_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createTable('meta')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
