import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContext, serializeContext } from './context.js';

test('pairs are ordered by UTF-8 bytes, which differs from UTF-16 order for astral vs U+E000+ keys', () => {
  const ec = { '\uE000': 'pua', '\u{1F600}': 'astral', b: '2', a: '1' };
  const keys = Object.keys(parseContext(serializeContext(ec)));
  assert.deepEqual(keys, ['a', 'b', '\uE000', '\u{1F600}'], 'UTF-8: U+E000 (EE 80 80) before U+1F600 (F0 9F 98 80)');
  assert.deepEqual(Object.keys(ec).sort(), ['a', 'b', '\u{1F600}', '\uE000'], 'UTF-16 sorting would put the surrogate pair first');
});

test('serialization layout: count, then length-prefixed key and value', () => {
  assert.equal(serializeContext({}).length, 0);
  assert.deepEqual(serializeContext({ k: 'vv' }), Buffer.from([0, 1, 0, 1, 0x6b, 0, 2, 0x76, 0x76]));
});

test('parse refuses duplicates, zero counts, bad UTF-8 and stray bytes', () => {
  const dup = Buffer.from([0, 2, 0, 1, 0x6b, 0, 0, 0, 1, 0x6b, 0, 0]);
  assert.throws(() => parseContext(dup), /duplicate/);
  assert.throws(() => parseContext(Buffer.from([0, 0])), /zero pairs/);
  assert.throws(() => parseContext(Buffer.from([0, 1, 0, 1, 0xff, 0, 0])), /UTF-8/);
  assert.throws(() => parseContext(Buffer.concat([serializeContext({ a: 'b' }), Buffer.of(0)])), /extra bytes/);
});
