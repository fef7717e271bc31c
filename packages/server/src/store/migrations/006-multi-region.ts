/**
 * Multi-Region keys. A key of a set has one `keys` row per region, with row id `<mrk id>/<region>`
 * (single-Region keys keep their key id as row id), so every table that names a key row — materials,
 * aliases, tags, grants, import parameters — stays as it is. Each row of a set carries the region of
 * the set's primary key; materials are copied to every row, each sealed for its own row.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Adds `primary_region` (null for single-Region keys). */
export async function up(db: Kysely<unknown>, _d: Dialect): Promise<void> {
  await db.schema.alterTable('keys').addColumn('primary_region', 'text').execute();
}
