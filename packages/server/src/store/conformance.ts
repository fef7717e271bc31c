/**
 * The store conformance suite: what every dialect's Store must do. Each dialect's test file calls
 * `storeConformance(name, open)` with a function that opens a fresh, empty store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { materialRow } from '../keys/materials.js';
import { DuplicateError, type KeyRow, type Store } from './store.js';

function keyRow(id: string, over: Partial<KeyRow> = {}): KeyRow {
  return {
    id, account_id: '111122223333', region: 'us-east-1', arn: `arn:aws:kms:us-east-1:111122223333:key/${id}`,
    description: '', key_spec: 'SYMMETRIC_DEFAULT', key_usage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', state: 'Enabled',
    created_at: 1_700_000_000_000, deletion_date: null, pending_window_days: null, policy: '{}', multi_region: 0,
    current_material_id: null, rotation_period_days: null, next_rotation_at: null, on_demand_rotations: 0, primary_region: null,
    custom_key_store_id: null, xks_key_id: null,
    expiration_model: null, valid_to: null, version: 1, ...over,
  };
}

/** Registers the suite for one dialect. */
export function storeConformance(name: string, open: () => Promise<Store>): void {
  describe(`store conformance: ${name}`, () => {
    test('keys: insert, read back every column, duplicate ids refused', async () => {
      const s = await open();
      const k = keyRow('00000000-0000-4000-8000-000000000001', { deletion_date: 1_800_000_000_123, description: 'ünïcode ✓' });
      await s.insertKey(k);
      assert.deepEqual(await s.getKey(k.id), k);
      await assert.rejects(s.insertKey(k), DuplicateError);
      await s.close();
    });

    test('optimistic updates: a stale version changes nothing', async () => {
      const s = await open();
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000002'));
      assert.equal(await s.updateKey('00000000-0000-4000-8000-000000000002', 1, { state: 'Disabled' }), true);
      assert.equal(await s.updateKey('00000000-0000-4000-8000-000000000002', 1, { state: 'Enabled' }), false);
      const row = await s.getKey('00000000-0000-4000-8000-000000000002');
      assert.equal(row?.state, 'Disabled');
      assert.equal(row?.version, 2);
      await s.close();
    });

    test('custom key stores: every column back, names unique per account and Region, keys counted', async () => {
      const s = await open();
      const row = {
        id: 'cks-0123456789abcdef0', account_id: '111122223333', region: 'us-east-1', name: 'xks', store_type: 'EXTERNAL_KEY_STORE',
        connection_state: 'DISCONNECTED', connection_error_code: null, xks_uri_endpoint: 'https://proxy.example.com', xks_uri_path: '/kms/xks/v1',
        xks_connectivity: 'PUBLIC_ENDPOINT', xks_access_key_id: 'ABCDEFGHIJKLMNOPQRST', xks_secret_sealed: Buffer.from([0, 1, 255]), created_at: 1_700_000_000_000, version: 1,
      };
      await s.customKeyStores.insert(row);
      assert.deepEqual(await s.customKeyStores.get(row.id), row);
      await assert.rejects(s.customKeyStores.insert({ ...row, id: 'cks-0123456789abcdef1' }), DuplicateError);
      await s.customKeyStores.insert({ ...row, id: 'cks-0123456789abcdef2', region: 'eu-west-1' });
      assert.equal(await s.customKeyStores.update(row.id, 1, { connection_state: 'CONNECTED' }), true);
      assert.equal(await s.customKeyStores.update(row.id, 1, { connection_state: 'FAILED' }), false);
      assert.equal((await s.customKeyStores.byProxyUri('111122223333', 'us-east-1', row.xks_uri_endpoint, row.xks_uri_path))?.connection_state, 'CONNECTED');
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000301', { origin: 'EXTERNAL_KEY_STORE', custom_key_store_id: row.id, xks_key_id: 'ext-1' }));
      assert.equal(await s.customKeyStores.keyCount(row.id), 1);
      assert.equal(await s.customKeyStores.keyOfXksKey(row.id, 'ext-1'), '00000000-0000-4000-8000-000000000301');
      assert.equal(await s.customKeyStores.keyOfXksKey(row.id, 'ext-2'), undefined);
      assert.deepEqual((await s.customKeyStores.list('111122223333', 'us-east-1', undefined, undefined, 10)).map((r) => r.id), [row.id]);
      assert.equal(await s.customKeyStores.delete(row.id), true);
      await s.close();
    });

    test('multi-Region key sets: exactly the rows of one key id, in region order; replicas never due for rotation', async () => {
      const s = await open();
      const a = 'mrk-0000000000000000000000000000000a', b = 'mrk-0000000000000000000000000000000b';
      const mrk = (id: string, region: string) => keyRow(`${id}/${region}`, { region, multi_region: 1, primary_region: 'us-east-1', next_rotation_at: 1 });
      for (const r of ['us-east-1', 'eu-west-1', 'ap-south-1']) await s.insertKey(mrk(a, r));
      await s.insertKey(mrk(b, 'us-east-1'));
      assert.deepEqual((await s.keySets.members(a)).map((k) => k.region), ['ap-south-1', 'eu-west-1', 'us-east-1']);
      assert.deepEqual((await s.keySets.members(b)).map((k) => k.id), [`${b}/us-east-1`]);
      const due = await s.keysDueForRotation(2, 100);
      assert.ok(due.includes(`${a}/us-east-1`) && !due.includes(`${a}/eu-west-1`) && !due.includes(`${a}/ap-south-1`));
      await s.close();
    });

    test('transactions roll back as a whole', async () => {
      const s = await open();
      await assert.rejects(s.transaction(async (tx) => {
        await tx.insertKey(keyRow('00000000-0000-4000-8000-000000000003'));
        throw new Error('abort');
      }), /abort/);
      assert.equal(await s.getKey('00000000-0000-4000-8000-000000000003'), undefined);
      await s.close();
    });

    test('listing is ordered, scoped to account and region, and pages', async () => {
      const s = await open();
      for (let i = 9; i >= 1; i--) await s.insertKey(keyRow(`00000000-0000-4000-8000-00000000010${i}`));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000200', { region: 'eu-west-1' }));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000201', { account_id: '999999999999' }));
      const first = await s.listKeys('111122223333', 'us-east-1', undefined, 4);
      assert.deepEqual(first.map((k) => k.id.slice(-3)), ['101', '102', '103', '104']);
      const rest = await s.listKeys('111122223333', 'us-east-1', first[3]!.id, 100);
      assert.equal(rest.length, 5);
      await s.close();
    });

    test('aliases are unique per account and region; deleting a key removes its dependants', async () => {
      const s = await open();
      const id = '00000000-0000-4000-8000-000000000300';
      await s.insertKey(keyRow(id));
      const alias = { account_id: '111122223333', region: 'us-east-1', name: 'alias/a', key_id: id, created_at: 1, updated_at: 1 };
      await s.insertAlias(alias);
      await assert.rejects(s.insertAlias(alias), DuplicateError);
      await s.insertAlias({ ...alias, region: 'eu-west-1' });
      await s.insertMaterial(materialRow(id, 'ab'.repeat(32), Buffer.from([1, 2, 3]), 'AWS_KMS', 1));
      assert.deepEqual((await s.listMaterials(id))[0]?.sealed, Buffer.from([1, 2, 3]));
      await s.putTags(id, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
      await s.putTags(id, [{ key: 'a', value: '3' }]);
      assert.deepEqual((await s.listTags(id)).map((t) => [t.tag_key, t.tag_value]), [['a', '3'], ['b', '2']]);
      assert.equal(await s.deleteKey(id), true);
      assert.deepEqual(await s.listMaterials(id), []);
      assert.deepEqual(await s.listTags(id), []);
      assert.equal(await s.getAlias('111122223333', 'us-east-1', 'alias/a'), undefined);
      await s.close();
    });

    test('a claimed key row is skipped by a concurrent claim where the engine has row locks', async () => {
      const s = await open();
      const id = '00000000-0000-4000-8000-000000000700';
      await s.insertKey(keyRow(id));
      let inner: KeyRow | undefined | 'unset' = 'unset';
      await s.transaction(async (tx) => {
        assert.equal((await tx.claimKey(id))?.id, id);
        if (s.dialect.rowLocks) inner = await s.transaction((other) => other.claimKey(id));
      });
      if (s.dialect.rowLocks) assert.equal(inner, undefined);
      assert.equal((await s.transaction((tx) => tx.claimKey(id)))?.id, id, 'released when the transaction ends');
      await s.close();
    });

    test('keys due for rotation: enabled ones whose date has passed', async () => {
      const s = await open();
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000500', { next_rotation_at: 100 }));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000501', { next_rotation_at: 300 }));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000502', { next_rotation_at: 100, state: 'Disabled' }));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000503'));
      assert.deepEqual(await s.keysDueForRotation(200, 10), ['00000000-0000-4000-8000-000000000500']);
      await s.close();
    });

    test('materials: lifecycle fields round-trip, update, delete, expiry', async () => {
      const s = await open();
      const id = '00000000-0000-4000-8000-000000000600';
      await s.insertKey(keyRow(id, { origin: 'EXTERNAL' }));
      const a = materialRow(id, 'aa'.repeat(32), Buffer.from([1]), 'EXTERNAL', 1, { import_state: 'IMPORTED', valid_to: 100, expiration_model: 'KEY_MATERIAL_EXPIRES', description: 'a' });
      const b = materialRow(id, 'bb'.repeat(32), Buffer.from([2]), 'EXTERNAL', 2, { import_state: 'IMPORTED', material_state: 'PENDING_ROTATION' });
      await s.insertMaterial(b);
      await s.insertMaterial(a);
      assert.deepEqual(await s.listMaterials(id), [a, b], 'oldest first');
      assert.deepEqual(await s.materialsDueToExpire(200, 10), [{ key_id: id, id: a.id }]);
      await s.updateMaterial(id, a.id, { import_state: 'PENDING_IMPORT', sealed: Buffer.alloc(0) });
      assert.deepEqual(await s.materialsDueToExpire(200, 10), []);
      await s.deleteMaterial(id, b.id);
      assert.deepEqual(await s.listMaterials(id), [{ ...a, import_state: 'PENDING_IMPORT', sealed: Buffer.alloc(0) }]);
      await s.close();
    });

    test('import parameters: stored, read back, forgotten after expiry and with their key', async () => {
      const s = await open();
      const keyId = '00000000-0000-4000-8000-000000000700';
      await s.insertKey(keyRow(keyId, { origin: 'EXTERNAL' }));
      const p = { id: 'ab'.repeat(16), key_id: keyId, wrapping_spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256', private_sealed: Buffer.from([9, 9]), created_at: 1, expires_at: 500 };
      await s.insertImportParameters(p);
      await s.insertImportParameters({ ...p, id: 'cd'.repeat(16), expires_at: 100 });
      assert.deepEqual(await s.getImportParameters(p.id), p);
      assert.equal(await s.deleteImportParametersBefore(200), 1);
      assert.equal(await s.getImportParameters('cd'.repeat(16)), undefined);
      await s.deleteKey(keyId);
      assert.equal(await s.getImportParameters(p.id), undefined);
      await s.close();
    });

    test('keys due for deletion', async () => {
      const s = await open();
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000400', { state: 'PendingDeletion', deletion_date: 100 }));
      await s.insertKey(keyRow('00000000-0000-4000-8000-000000000401', { state: 'PendingDeletion', deletion_date: 300 }));
      assert.deepEqual(await s.keysDueForDeletion(200, 10), ['00000000-0000-4000-8000-000000000400']);
      await s.close();
    });
  });
}
