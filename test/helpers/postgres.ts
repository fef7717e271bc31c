/** PostgreSQL for whole-system tests: a database per test file, created and dropped by the test. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { KMSClient } from '@aws-sdk/client-kms';
import { createTestDatabase } from '@trent/server/dist/store/pg-test-db.js';
import { kmsClient } from './clients.js';
import { startTrent, type Trent } from './trent.js';
export { createTestDatabase, postgresForTests } from '@trent/server/dist/store/pg-test-db.js';

/** Runs one SQL statement against `url` (a test's own database) and returns its rows. */
export async function query<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<R>(text, params)).rows; } finally { await c.end(); }
}

/**
 * Starts `n` Trent nodes (one process each) on one PostgreSQL database: each has its own data
 * directory and port, and all share the first node's root key (root.key copied, as an operator would).
 */
export async function startNodes(n: number, databaseUrl: string, env: Record<string, string> = {}): Promise<Trent[]> {
  const first = await startTrent({ env: { TRENT_DATABASE_URL: databaseUrl, ...env } });
  const nodes = [first];
  for (let i = 1; i < n; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'trent-node-'));
    copyFileSync(join(first.dataDir, 'root.key'), join(dataDir, 'root.key'));
    nodes.push(await startTrent({ env: { TRENT_DATABASE_URL: databaseUrl, TRENT_DATA_DIR: dataDir, ...env } }));
  }
  return nodes;
}

/** Nodes on a fresh test database with an SDK client each; `stop()` stops them and drops the database. */
export interface Cluster {
  nodes: Trent[];
  kms: KMSClient[];
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  stop(): Promise<void>;
}

/** Creates a test database and starts `n` nodes on it (see startNodes). */
export async function startCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const db = await createTestDatabase();
  const nodes = await startNodes(n, db.url, env);
  const kms = nodes.map((t) => kmsClient(t));
  return {
    nodes, kms, db,
    async stop() {
      for (const k of kms) k.destroy();
      await Promise.all(nodes.map((t) => t.stop()));
      await db.drop();
    },
  };
}

/** Registers hooks that start `n` nodes before the file's tests and stop them after; read its fields inside tests. */
export function clusterForTests(n: number): Cluster {
  const cluster = {} as Cluster;
  before(async () => { Object.assign(cluster, await startCluster(n)); });
  after(async () => { await cluster.stop?.(); });
  return cluster;
}
