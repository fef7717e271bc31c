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
  // Authorization cost (issue 6): the same Encrypt with an encryption context, under the default key
  // policy, then under a key policy with conditions and with grants on the key (Trent only; the
  // other targets use their plain key).
  { op: 'Encrypt', label: 'Encrypt 4 KiB +context', body: (f) => ({ KeyId: f.keyId, Plaintext: plain(4096), EncryptionContext: { app: 'bench' } }) },
  { op: 'Encrypt', label: 'Encrypt 4 KiB +context, conditions+grant', body: (f) => ({ KeyId: f.policyKeyId ?? f.keyId, Plaintext: plain(4096), EncryptionContext: { app: 'bench' } }) },
];

/** @type {{ name: string, op: string, concurrency: number, body: (f: { keyId: string, ciphertext4k: string }) => object }[]} */
export const scenarios = [];
for (const concurrency of [1, 64]) {
  for (const s of shapes) scenarios.push({ name: `${s.label} c=${concurrency}`, op: s.op, concurrency, body: s.body });
}

/** The authorization-cost pair: the second must keep ≥ 85% of the first's throughput on Trent. */
export const POLICY_PAIR = { base: 'Encrypt 4 KiB +context c=64', policy: 'Encrypt 4 KiB +context, conditions+grant c=64', minRatio: 0.85 };

/** The scenario the target is judged on. */
export const TARGET = { name: 'Encrypt 4 KiB c=64', minBareRatio: 0.3, minMotoRatio: 20, maxP99Ms: 10 };

/** The audit-cost pair: Trent with TRENT_AUDIT=on must keep ≥ 80% of the same Trent with it off, on this scenario. */
export const AUDIT_PAIR = { scenario: 'Encrypt 4 KiB c=64', minRatio: 0.8 };
