/** Versioned migrations, applied in order at start inside one transaction each. */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialects.js';
import * as m001 from './migrations/001-init.js';
import * as m002 from './migrations/002-lifecycle.js';
import * as m004 from './migrations/004-iam.js';
import * as m005 from './migrations/005-audit.js';
import * as m006 from './migrations/006-multi-region.js';
import * as m007 from './migrations/007-custom-key-stores.js';

interface Migration { version: number; up(db: Kysely<unknown>, d: Dialect): Promise<void> }

const MIGRATIONS: readonly Migration[] = [
  { version: 1, up: m001.up },
  { version: 2, up: m002.up },
  { version: 4, up: m004.up },
  { version: 5, up: m005.up },
  { version: 6, up: m006.up },
  { version: 7, up: m007.up },
];

/** Brings the schema up to date; safe when several nodes start at once. */
export async function migrate(db: Kysely<unknown>, d: Dialect): Promise<number> {
  await db.transaction().execute(async (tx) => {
    await d.lockForMigration(tx); // concurrent `create table if not exists` collide on PostgreSQL
    await sql`create table if not exists schema_migrations (version integer primary key, applied_at ${sql.raw(d.time)} not null)`.execute(tx);
  });
  let applied = 0;
  for (const m of MIGRATIONS) {
    await db.transaction().execute(async (tx) => {
      await d.lockForMigration(tx);
      const done = await sql<{ n: number }>`select count(*) as n from schema_migrations where version = ${m.version}`.execute(tx);
      if (Number(done.rows[0]?.n ?? 0) > 0) return;
      await m.up(tx, d);
      await sql`insert into schema_migrations (version, applied_at) values (${m.version}, ${Date.now()})`.execute(tx);
      applied++;
    });
  }
  return applied;
}
