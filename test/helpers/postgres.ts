/** PostgreSQL for whole-system tests: a database per test file, created and dropped by the test. */
import pg from 'pg';
export { createTestDatabase, postgresForTests } from '@trent/server/dist/store/pg-test-db.js';

/** Runs one SQL statement against `url` (a test's own database) and returns its rows. */
export async function query<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<R>(text, params)).rows; } finally { await c.end(); }
}
