/** toJsonText is a fast path: it must write exactly what JSON.stringify(toWire(v)) writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonText, toWire } from './wire.js';

test('toJsonText equals JSON.stringify(toWire(v))', () => {
  const values: unknown[] = [
    {},
    { CiphertextBlob: Buffer.from('hello'), KeyId: 'arn:aws:kms:us-east-1:111122223333:key/x', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    { Plaintext: Buffer.alloc(0), Missing: undefined, N: 3, F: 1.5, B: false, Z: null },
    { KeyMetadata: { CreationDate: new Date(1700000000123), Description: 'quote " backslash \\ newline \n é 😀 \u2028', Tags: [{ TagKey: 'k', TagValue: 'v' }], Arr: [1, undefined, 'x'] } },
    { Keys: [], 'odd"key': 'v', Nested: { Deeper: { Blob: Buffer.from([0, 255, 1]) } } },
  ];
  for (const v of values) assert.equal(toJsonText(v), JSON.stringify(toWire(v)));
});
