/** The audit batch encoding between the event loop and the SQLite sink's thread. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRows, encodeRows } from './sqlite-sink.js';
import { EVENT_COLUMNS } from '../store/audit-repo.js';
import type { AuditEventRow } from '../store/audit-repo.js';

function row(over: Partial<Record<(typeof EVENT_COLUMNS)[number], unknown>>): AuditEventRow {
  const base = {
    chain_id: 'c', seq: 1, event_id: 'e', event_time: 1_763_900_000_123, account_id: '111122223333', event_name: 'Encrypt',
    event_source: 'kms.amazonaws.com', read_only: 1, username: null, access_key_id: null, resources: '[]', error_code: null,
    record: '{}', prev_hash: '0'.repeat(64), hash: 'f'.repeat(64),
  };
  return { ...base, ...over } as unknown as AuditEventRow;
}

test('rows survive the trip exactly, whatever their text holds', () => {
  const rows = [
    row({}),
    row({ seq: 2, event_name: 's5:-n1;:', username: '', access_key_id: 'n12;s3:abc-', error_code: '-', record: '{"a":"\u0001\u2028😀é"}' }),
    row({ seq: 3, event_name: 'Evil\u0001Action s9:injected', resources: '', record: 'x'.repeat(70_000) }),
  ];
  const back = decodeRows(encodeRows(rows));
  assert.deepEqual(back, rows.map((r) => EVENT_COLUMNS.map((c) => r[c] ?? null)));
  assert.deepEqual(decodeRows(encodeRows([])), []);
});

test('a malformed batch is refused, never misread', () => {
  assert.throws(() => decodeRows('x'), /malformed/);
  assert.throws(() => decodeRows('s12'), /malformed/);
  const whole = encodeRows([row({ record: '{"k":"v"}' })]);
  for (const cut of [1, 5, whole.length - 3]) assert.throws(() => decodeRows(whole.slice(0, cut)), /malformed/);
});
