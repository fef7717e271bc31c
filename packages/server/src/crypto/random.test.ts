/** uuidV7: RFC 9562 layout, the time it carries, and order within and across milliseconds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidV7 } from './random.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('uuidV7: version 7, RFC variant, the milliseconds in its first 48 bits', () => {
  const ms = Date.UTC(2026, 10, 23, 14, 30);
  const id = uuidV7(ms);
  assert.match(id, V7);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), ms);
});

test('uuidV7: ids sort in the order they were made, within one millisecond and across a clock step back', () => {
  const start = Date.UTC(2030, 0, 1); // later than any id made so far in this process
  const times = [...Array(6000).keys()].map((i) => start + Math.floor(i / 3000)); // 3000 per ms: the 12-bit counter carries over
  times.push(start - 5000); // the clock stepped back
  const ids = times.map((t) => uuidV7(t));
  for (const id of ids) assert.match(id, V7);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
