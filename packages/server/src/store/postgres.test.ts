/** The store conformance suite on PostgreSQL: each test on its own freshly created database, dropped afterwards. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeConformance } from './conformance.js';
import { auditConformance } from './audit-conformance.js';
import { postgresDialect } from './dialects.js';
import { createTestDatabase, postgresForTests } from './pg-test-db.js';
import { Store } from './store.js';

if (await postgresForTests()) {
  const drops: (() => Promise<void>)[] = [];
  after(async () => { for (const d of drops) await d(); });
  const fresh = async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    return db.url;
  };
  storeConformance('postgres', async () => Store.open(postgresDialect(await fresh(), 4)));
  auditConformance('postgres', async () => Store.open(postgresDialect(await fresh(), 4)));

  test('postgres: several nodes migrating one empty database at once all succeed, each migration once', async () => {
    const url = await fresh();
    const stores = await Promise.all([1, 2, 3, 4].map(() => Store.open(postgresDialect(url, 2))));
    const again = await Store.open(postgresDialect(url, 1));
    await again.insertAccount('111122223333');
    assert.deepEqual(await stores[0]!.listAccounts(), ['111122223333']);
    for (const s of [...stores, again]) await s.close();
  });
}
