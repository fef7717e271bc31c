/**
 * Key material lifecycle: rotation counters, imported-material expiry, several materials per key
 * with their own state, and the wrapping key pairs GetParametersForImport hands out.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Adds the columns and the table; existing materials are each their key's first, current one. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema.alterTable('keys').addColumn('on_demand_rotations', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Denormalised from the materials so KeyMetadata needs only the key row (EXTERNAL keys).
  await db.schema.alterTable('keys').addColumn('expiration_model', 'text').execute();
  await db.schema.alterTable('keys').addColumn('valid_to', d.time).execute();
  await db.schema.createIndex('keys_by_rotation').on('keys').columns(['state', 'next_rotation_at']).execute();
  const materials: [string, 'text' | 'integer' | 'bigint'][] = [
    ['import_state', 'text'], ['description', 'text'], ['expiration_model', 'text'], ['valid_to', d.time], ['rotated_at', d.time],
  ];
  await db.schema.alterTable('key_materials').addColumn('material_state', 'text', (c) => c.notNull().defaultTo('CURRENT')).execute();
  for (const [name, type] of materials) await db.schema.alterTable('key_materials').addColumn(name, type).execute();
  await db.schema.createIndex('key_materials_by_expiry').on('key_materials').columns(['import_state', 'valid_to']).execute();
  await db.schema.createTable('import_parameters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().references('keys.id').onDelete('cascade'))
    .addColumn('wrapping_spec', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('private_sealed', d.bytes, (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addColumn('expires_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_parameters_by_expiry').on('import_parameters').column('expires_at').execute();
}
