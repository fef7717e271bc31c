/**
 * The benchmark scenarios: one entry per (operation, request shape, concurrency). Add a scenario by
 * pushing to this array; `body(fixture)` builds the JSON request from what the run prepared on each
 * target (`fixture.keyId`, `fixture.ciphertext4k` — base64 of a 4 KiB plaintext's ciphertext).
 */

const plain = (n) => Buffer.alloc(n, 0x61).toString('base64');

const shapes = [
  { op: 'Encrypt', label: 'Encrypt 100 B', body: (f) => ({ KeyId: f.keyId, Plaintext: plain(100) }) },
  { op: 'Encrypt', label: 'Encrypt 4 KiB', body: (f) => ({ KeyId: f.keyId, Plaintext: plain(4096) }) },
  { op: 'Decrypt', label: 'Decrypt 4 KiB', body: (f) => ({ CiphertextBlob: f.ciphertext4k }) },
  { op: 'GenerateDataKey', label: 'GenerateDataKey AES_256', body: (f) => ({ KeyId: f.keyId, KeySpec: 'AES_256' }) },
];

/** @type {{ name: string, op: string, concurrency: number, body: (f: { keyId: string, ciphertext4k: string }) => object }[]} */
export const scenarios = [];
for (const concurrency of [1, 64]) {
  for (const s of shapes) scenarios.push({ name: `${s.label} c=${concurrency}`, op: s.op, concurrency, body: s.body });
}

/** The scenario the target is judged on. */
export const TARGET = { name: 'Encrypt 4 KiB c=64', minBareRatio: 0.3, minMotoRatio: 20, maxP99Ms: 10 };
