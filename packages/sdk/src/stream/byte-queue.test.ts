import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteQueue } from './byte-queue.js';

test('takes slices across chunk borders in order', () => {
  const q = new ByteQueue();
  const all = Buffer.from('abcdefghijklmnop');
  for (const [a, b] of [[0, 3], [3, 4], [4, 10], [10, 16]]) q.push(all.subarray(a, b));
  assert.equal(q.length, 16);
  assert.equal(q.take(2).toString(), 'ab');
  assert.equal(q.peek(5).toString(), 'cdefg');
  assert.equal(q.take(9).toString(), 'cdefghijk');
  assert.equal(q.peekAll().toString(), 'lmnop');
  assert.equal(q.take(5).toString(), 'lmnop');
  assert.equal(q.length, 0);
});
