/** Blob members: the fast canonical check must accept and refuse exactly what the strict pattern does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KmsError } from './errors.js';
import { validateInput } from './validate.js';

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function accepts(v: string): boolean {
  try {
    validateInput('EncryptRequest', { KeyId: 'alias/x', Plaintext: v });
    return true;
  } catch (err) {
    if (err instanceof KmsError && err.name === 'SerializationException') return false;
    if (err instanceof KmsError && err.name === 'ValidationException') return true; // decoded, then a length rule
    throw err;
  }
}

test('blob base64: same verdict as the strict pattern', () => {
  const cases = ['', 'AA==', 'AB==', 'AAA=', 'AAB=', 'AAAA', 'A===', 'A', 'AA', 'AAA', 'AA=', '====', 'AA==AAAA', 'AAAA AAAA',
    'AA-_', 'aGVsbG8=', 'aGVsbG8', 'aGVsbG8==', 'aGVs\nbG8=', 'aGVsbG8=\n', '////', '+/+/', 'é', 'AAAAAAA=', 'AAAAAA=='];
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(Array.from({ length: i % 40 }, (_, j) => (i * 7 + j * 13) % 256)).toString('base64');
    cases.push(b, b.replace(/=+$/, ''), b + '=', b.slice(1), b.toLowerCase());
  }
  for (const v of cases) assert.equal(accepts(v), STRICT.test(v), JSON.stringify(v));
});
