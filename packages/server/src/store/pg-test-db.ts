/**
 * Test support: a fresh PostgreSQL database per test, dropped afterwards, so runs never see each
 * other's state. The server is TRENT_TEST_PG_URL (default: the local server as user postgres).
 * Outside CI a missing server skips the PostgreSQL tests; in CI (CI=true) it fails them.
 */
import pg from 'pg';
import { randomAlnum } from '../crypto/random.js';

/** The maintenance database URL tests create their databases through. */
export const PG_ADMIN_URL = process.env.TRENT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/**
 * Whether the PostgreSQL tests run: true when a server answers; false (skip) when none does outside
 * CI; throws in CI, where a missing server is a failure.
 */
export async function postgresForTests(): Promise<boolean> {
  try {
    await admin((c) => c.query('select 1'));
    return true;
  } catch (err) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} does not answer: ${String(err)}`);
    process.stderr.write(`skipping PostgreSQL tests: ${PG_ADMIN_URL} does not answer\n`);
    return false;
  }
}

/** A new empty database; `drop()` removes it (closing any connection still open to it). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `trent_test_${randomAlnum(10).toLowerCase()}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
