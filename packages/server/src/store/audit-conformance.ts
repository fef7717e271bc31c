/**
 * The audit repo's part of the store conformance suite: chains, batched event inserts, newest-first
 * lookups with cursors and filters, and the writer's group commit on a real store of each dialect.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventHash, GENESIS_HASH } from '../audit/chain.js';
import { ChainWriter } from '../audit/writer.js';
import type { AuditEventRow } from './audit-repo.js';
import { DuplicateError, type Store } from './store.js';

function row(chain: string, seq: number, over: Partial<AuditEventRow> = {}): AuditEventRow {
  return {
    chain_id: chain, seq, event_id: `${chain}-${seq}`, event_time: 1_700_000_000_000 + seq, account_id: '111122223333',
    event_name: 'Encrypt', event_source: 'kms.amazonaws.com', read_only: 1, username: 'alice', access_key_id: 'AKIAEXAMPLE',
    resources: '[{"type":"AWS::KMS::Key","name":"arn:aws:kms:us-east-1:111122223333:key/k1"}]', error_code: null,
    record: `{"n":${seq}}`, prev_hash: GENESIS_HASH, hash: 'h'.repeat(64), ...over,
  };
}

/** Registers the audit tests for one dialect. */
export function auditConformance(name: string, open: () => Promise<Store>): void {
  describe(`store conformance (audit): ${name}`, () => {
    test('chains register once; events insert in batches larger than one statement, read back in seq order', async () => {
      const s = await open();
      await s.audit.insertChain({ id: 'c1', node: 'n', started_at: 5, pruned_through: 0 });
      await assert.rejects(s.audit.insertChain({ id: 'c1', node: 'n', started_at: 6, pruned_through: 0 }), DuplicateError);
      const rows = Array.from({ length: 1203 }, (_, i) => row('c1', i + 1));
      await s.transaction((tx) => tx.audit.insertEvents(rows));
      assert.deepEqual(await s.audit.eventsOf('c1', 1200), rows.slice(1200));
      assert.equal((await s.audit.lastOf('c1'))?.seq, 1203);
      assert.equal(await s.audit.firstChainStart(), 5);
      await assert.rejects(s.audit.insertEvents([row('c1', 1203, { event_id: 'other' })]), DuplicateError);
      await s.close();
    });

    test('find: newest first, scoped to the account, filtered, continued from a cursor', async () => {
      const s = await open();
      await s.audit.insertEvents([
        row('a', 1, { event_time: 10 }), row('b', 1, { event_time: 10 }), row('a', 2, { event_time: 20, event_name: 'Decrypt', error_code: 'AccessDeniedException' }),
        row('a', 3, { event_time: 30, account_id: '999999999999' }), row('a', 4, { event_time: 40, resources: '[{"type":"AWS::KMS::Key","name":"arn:aws:kms:us-east-1:111122223333:key/K1"}]' }),
      ]);
      const all = await s.audit.find({ accountId: '111122223333', limit: 10 });
      assert.deepEqual(all.map((r) => `${r.chain_id}${r.seq}`), ['a4', 'a2', 'b1', 'a1']);
      const page = await s.audit.find({ accountId: '111122223333', limit: 10, after: { time: 10, chainId: 'b', seq: 1 } });
      assert.deepEqual(page.map((r) => `${r.chain_id}${r.seq}`), ['a1']);
      assert.deepEqual((await s.audit.find({ accountId: '111122223333', limit: 10, equals: { column: 'event_name', value: 'Decrypt' } })).map((r) => r.seq), [2]);
      assert.deepEqual((await s.audit.find({ accountId: '111122223333', limit: 10, startTime: 15, endTime: 40 })).map((r) => r.seq), [4, 2]);
      assert.deepEqual((await s.audit.find({ accountId: '111122223333', limit: 10, succeededAs: ['Encrypt'] })).map((r) => r.seq), [4, 1, 1]);
      const like = await s.audit.find({ accountId: '111122223333', limit: 10, resourcesLike: '"name":"arn:aws:kms:us-east-1:111122223333:key/k1"' });
      assert.ok(like.length >= 3 && like.every((r) => r.resources.toLowerCase().includes('key/k1')), 'a prefilter: near misses allowed, nothing else');
      assert.deepEqual(await s.audit.find({ accountId: '111122223333', limit: 10, resourcesLike: '"name":"arn%' }), [], 'LIKE wildcards in values match only themselves');
      await s.close();
    });

    test('writer: concurrent appends share commits, seq runs 1..n without gaps, every hash links', async () => {
      const s = await open();
      const w = await ChainWriter.start(s, 'test-node');
      const base = row(w.chainId, 0);
      const entries = Array.from({ length: 300 }, (_, i) => ({ ...base, event_id: `e${i}`, record: `{"i":${i}}` }));
      await Promise.all(entries.map(({ chain_id: _c, seq: _s, prev_hash: _p, hash: _h, ...e }) => w.append(e)));
      const events = await s.audit.eventsOf(w.chainId, 0, 1000);
      assert.equal(events.length, 300);
      let prev = GENESIS_HASH;
      events.forEach((e, i) => {
        assert.equal(e.seq, i + 1);
        assert.equal(e.prev_hash, prev);
        assert.equal(e.hash, eventHash(w.chainId, e.seq, prev, e.record));
        prev = e.hash;
      });
      assert.deepEqual(w.head(), { seq: 300, hash: prev, time: base.event_time });
      const seen: number[] = [];
      w.onClose(async (h) => { seen.push(h.seq); });
      await w.close();
      assert.deepEqual(seen, [300]);
      await assert.rejects(w.append(entries[0]!), /closed/);
      await s.close();
    });
  });
}
