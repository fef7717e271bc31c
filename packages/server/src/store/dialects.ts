/**
 * Everything that differs between the SQL engines lives here, as capability values and small
 * functions; the rest of the store is written once against Kysely.
 */
import { openSqlite } from './sqlite-open.js';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type TransactionSettings } from 'kysely';
import pg from 'pg';
import { observeQuery } from '../metrics.js';
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
  /** True when `err` means the database could not be reached or answered too late (worth retrying). */
  isUnavailable(err: unknown): boolean;
  /** Serialises concurrent migrators (several nodes starting at once). */
  lockForMigration(db: Kysely<unknown>): Promise<void>;
  /** Table names in the order they were created (so each comes after the tables it references). */
  tablesInCreationOrder(db: Kysely<unknown>): Promise<string[]>;
  /** True when `SELECT … FOR UPDATE SKIP LOCKED` exists (row claims by schedulers on several nodes). */
  readonly rowLocks: boolean;
}

/**
 * SQLite's driver, but transactions take the write lock up front (no deadlocking upgrades between
 * processes). Read snapshots (`Store.snapshot`, asking for repeatable read) begin deferred instead:
 * in WAL mode they see one consistent state without holding writers back.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.isolationLevel === 'repeatable read' ? 'begin deferred' : 'begin immediate'));
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
      return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: openSqlite(file) }), log: observeQuery });
    },
    isUniqueViolation(err) {
      const code = (err as { code?: string }).code ?? '';
      return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
    },
    isUnavailable(err) {
      return /^SQLITE_(BUSY|LOCKED)/.test((err as { code?: string }).code ?? '');
    },
    async lockForMigration() {
      // `begin immediate` already serialises writers across processes.
    },
    rowLocks: false,
    async tablesInCreationOrder(db) {
      const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by rowid`.execute(db);
      return r.rows.map((x) => x.name);
    },
  };
}

/** Advisory lock id that every Trent node takes while migrating ('trent' in ASCII). */
const MIGRATION_LOCK = 0x7472656e74;

// int8 (counts, epoch-ms times) as JavaScript numbers: Trent's values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** PostgreSQL through node-postgres: the multi-node store. `url` is a postgres:// connection string. */
export function postgresDialect(url: string, poolSize = 10): Dialect {
  return {
    name: 'postgres',
    time: 'bigint',
    bytes: 'bytea',
    open() {
      const pool = resilientPool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: observeQuery });
    },
    isUniqueViolation(err) {
      return (err as { code?: string }).code === '23505';
    },
    isUnavailable(err) {
      const { code = '', message = '' } = err as { code?: string; message?: string };
      // Connection-level failures: refused, reset, timed out, server shutting down or restarting (classes 08, 57P).
      return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|08|57P0[1-3])/.test(code) ||
        /timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(message);
    },
    async lockForMigration(db) {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(db);
    },
    rowLocks: true,
    async tablesInCreationOrder(db) {
      const r = await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = current_schema() order by c.oid`.execute(db);
      return r.rows.map((x) => x.name);
    },
  };
}

/**
 * A pg pool that survives the database going away: a connection that dies (idle, or checked out
 * between queries) must not raise an unhandled 'error' event, which would end the process; the
 * query in flight fails on its own and the pool replaces the connection.
 */
export function resilientPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const ignore = () => {};
  pool.on('error', ignore);
  pool.on('connect', (client) => { client.on('error', ignore); });
  return pool;
}

/** The dialect a configuration names: PostgreSQL when a database URL is set, SQLite otherwise. */
export function dialectFor(config: { databaseUrl?: string; sqliteFile: string }): Dialect {
  return config.databaseUrl ? postgresDialect(config.databaseUrl) : sqliteDialect(config.sqliteFile);
}
