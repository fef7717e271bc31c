/**
 * Custom key stores (docs/custom-key-stores.md): the store table, and on each key the custom key
 * store it lives in and, for external key stores, the id of its external key.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Adds the custom_key_stores table and the two key columns. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema.createTable('custom_key_stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('store_type', 'text', (c) => c.notNull())
    .addColumn('connection_state', 'text', (c) => c.notNull())
    .addColumn('connection_error_code', 'text')
    .addColumn('xks_uri_endpoint', 'text', (c) => c.notNull())
    .addColumn('xks_uri_path', 'text', (c) => c.notNull())
    .addColumn('xks_connectivity', 'text', (c) => c.notNull())
    .addColumn('xks_access_key_id', 'text', (c) => c.notNull())
    // The proxy's secret access key, sealed for ('custom_key_stores', id, 'xks_secret_sealed').
    .addColumn('xks_secret_sealed', d.bytes, (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('custom_key_stores_name', ['account_id', 'region', 'name'])
    .execute();
  await db.schema.alterTable('keys').addColumn('custom_key_store_id', 'text').execute();
  await db.schema.alterTable('keys').addColumn('xks_key_id', 'text').execute();
  await db.schema.createIndex('keys_by_custom_key_store').on('keys').columns(['custom_key_store_id', 'xks_key_id']).execute();
}
