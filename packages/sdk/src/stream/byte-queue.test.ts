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

test('own() keeps the queued bytes when their owner overwrites the buffers it pushed', () => {
  const q = new ByteQueue();
  const a = Buffer.from('abcdef'), b = Buffer.from('ghij');
  q.push(a); q.push(b);
  q.take(4);
  q.own();
  a.fill(0); b.fill(0);
  assert.equal(q.peekAll().toString(), 'efghij');
  const c = Buffer.from('klm');
  q.push(c);
  q.own();
  c.fill(0);
  assert.equal(q.take(7).toString(), 'efghijk');
  assert.equal(q.take(2).toString(), 'lm');
  assert.equal(q.length, 0);
});
