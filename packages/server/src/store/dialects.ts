/**
 * Everything that differs between the SQL engines lives here, as capability values and small
 * functions; the rest of the store is written once against Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import type { Database } from './schema.js';

/** The engine-specific half of the store. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Column type for epoch-millisecond times. */
  readonly time: 'integer' | 'bigint';
  /** Column type for byte strings. */
  readonly bytes: 'blob' | 'bytea';
  /** Opens the Kysely instance. */
  open(): Kysely<Database>;
  /** True when `err` is a primary-key or unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  /** Serialises concurrent migrators (several nodes starting at once). */
  lockForMigration(db: Kysely<unknown>): Promise<void>;
}

/** SQLite's driver, but transactions take the write lock up front (no deadlocking upgrades between processes). */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) { super(cfg); }
  override createDriver(): SqliteDriver { return new ImmediateSqliteDriver(this.cfg); }
}

/** SQLite through better-sqlite3 in WAL mode: the embedded default. */
export function sqliteDialect(file: string): Dialect {
  return {
    name: 'sqlite',
    time: 'integer',
    bytes: 'blob',
    open() {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const raw = new SqliteDatabase(file);
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = FULL'); // an acknowledged change survives power loss, not only a crash
      raw.pragma('busy_timeout = 10000'); // several worker processes share the file
      raw.pragma('foreign_keys = ON');
      return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
    },
    isUniqueViolation(err) {
      const code = (err as { code?: string }).code ?? '';
      return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
    },
    async lockForMigration() {
      // `begin immediate` already serialises writers across processes.
    },
  };
}
