/**
 * The audit log: hash-chained CloudTrail records (one chain per writing process), the signed digests
 * that seal stretches of each chain, the chains themselves and the audit signing keys.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Builds the audit tables. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema.createTable('audit_chains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('started_at', d.time, (c) => c.notNull())
    // Events with seq <= pruned_through were removed by retention; the signed digests record it too.
    .addColumn('pruned_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createTable('audit_events')
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_time', d.time, (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('event_source', 'text', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('access_key_id', 'text')
    .addColumn('resources', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_events_pk', ['chain_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['account_id', 'event_time']).execute();
  await db.schema.createIndex('audit_events_by_name').on('audit_events').columns(['account_id', 'event_name', 'event_time']).execute();
  await db.schema.createTable('audit_digests')
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('signing_key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_digests_pk', ['chain_id', 'seq'])
    .execute();
  await db.schema.createTable('audit_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_sealed', d.bytes, (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .execute();
}
