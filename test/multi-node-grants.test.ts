/**
 * Grants created, revoked and retired at once on three nodes sharing one PostgreSQL database: unique
 * ids, the same id for a repeated named grant, every node lists the same grants, one winner for a
 * grant revoked twice, and the 50,000-grants-per-key limit never exceeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateGrantCommand, CreateKeyCommand, ListGrantsCommand, RetireGrantCommand, RevokeGrantCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { type Trent } from './helpers/trent.js';
import { clusterForTests, postgresForTests, query } from './helpers/postgres.js';

if (await postgresForTests()) {
  const cluster = clusterForTests(3);

  const grantee = (t: Trent, i: number | string) => `arn:aws:iam::${t.accountId}:user/grantee-${i}`;
  const grant = (k: KMSClient, keyId: string, who: string, extra: object = {}) =>
    k.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: who, Operations: ['Encrypt', 'Decrypt'], ...extra }));

  /** Every grant id of a key as one node lists it, page by page. */
  async function listed(k: KMSClient, keyId: string): Promise<string[]> {
    const ids: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await k.send(new ListGrantsCommand({ KeyId: keyId, Marker, Limit: 100 }));
      ids.push(...page.Grants!.map((g) => g.GrantId!));
      Marker = page.NextMarker;
    } while (Marker);
    return ids.sort();
  }

  test('multi-node grants: concurrent creates, repeats, revokes and retires across nodes give AWS\'s answers', async () => {
    const { nodes: [t], kms, db } = cluster;
    const keyId = (await kms[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const early = await Promise.all(Array.from({ length: 12 }, (_, i) => grant(kms[i % 3]!, keyId, grantee(t, 1000 + i), { RetiringPrincipal: `arn:aws:iam::${t.accountId}:root` })));
    const revoked = early.slice(0, 6);
    const retired = early.slice(6);
    const results = await Promise.allSettled([
      ...Array.from({ length: 45 }, (_, i) => grant(kms[i % 3]!, keyId, grantee(t, i))),
      ...Array.from({ length: 9 }, (_, i) => grant(kms[i % 3]!, keyId, grantee(t, 'same'), { Name: 'one-name', Constraints: { EncryptionContextSubset: { app: 'a' } } })),
      // Each early grant is revoked (or retired) twice, from two different nodes: one call wins, the other finds no grant.
      ...revoked.flatMap((g, i) => [0, 1].map((d) => kms[(i + d) % 3]!.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: g.GrantId! })))),
      ...retired.flatMap((g, i) => [0, 1].map((d) => kms[(i + d) % 3]!.send(new RetireGrantCommand({ GrantToken: g.GrantToken! })))),
    ]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
    const created = results.slice(0, 45).map((r) => (r as PromiseFulfilledResult<{ GrantId?: string }>).value?.GrantId);
    const named = results.slice(45, 54).map((r) => (r as PromiseFulfilledResult<{ GrantId?: string }>).value?.GrantId);
    assert.deepEqual(failures.sort(), Array(12).fill('NotFoundException'), 'only the second revoke/retire of each grant fails');
    assert.equal(new Set(created).size, 45, 'every grant id is unique');
    assert.equal(new Set(named).size, 1, `a repeated named grant returns one grant id, got ${new Set(named).size}`);
    const expected = [...created, named[0]].map(String).sort();
    for (const k of kms) assert.deepEqual(await listed(k, keyId), expected, 'every node lists exactly the live grants');
    const rows = await query<{ n: string }>(db.url, 'select count(*) as n from grants where key_id = $1', [keyId]);
    assert.equal(Number(rows[0]!.n), 46);
  });

  test('multi-node grants: concurrent creates never take a key past 50,000 grants', async () => {
    const { nodes: [t], kms, db } = cluster;
    const keyId = (await kms[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    // 49,990 grants written straight into the database, then 30 creates at once over the three nodes.
    await query(db.url, `insert into grants (id, key_id, name, grantee_principal, retiring_principal, issuing_account, operations, constraints, created_at)
      select md5(i::text) || md5(($1 || i)::text), $1, null, $2, null, $3, '["Decrypt"]', null, 0 from generate_series(1, 49990) i`,
    [keyId, grantee(t, 0), `arn:aws:iam::${t.accountId}:root`]);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => grant(kms[i % 3]!, keyId, grantee(t, i))));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
    assert.equal(ok, 10);
    assert.deepEqual([...new Set(refused)], ['LimitExceededException']);
    const rows = await query<{ n: string }>(db.url, 'select count(*) as n from grants where key_id = $1', [keyId]);
    assert.equal(Number(rows[0]!.n), 50_000);
  });
}
