/**
 * The table-driven evaluation suite: every case in cases/*.ts runs through the real parser,
 * compiler and evaluator, and must reach exactly the expected decision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, type EvalCase } from './cases/fixtures.js';
import { operatorCases } from './cases/operators.js';
import { keyPolicyCases } from './cases/key-policies.js';
import { conditionKeyCases } from './cases/condition-keys.js';
import { crossAccountCases } from './cases/cross-account.js';
import { globalKeyCases } from './cases/global-keys.js';

const TABLES: Record<string, EvalCase[]> = {
  operators: operatorCases,
  'key policies': keyPolicyCases,
  'KMS condition keys': conditionKeyCases,
  'global condition keys': globalKeyCases,
  'cross-account, IAM, variables': crossAccountCases,
};

for (const [table, cases] of Object.entries(TABLES)) {
  test(`evaluation table: ${table} (${cases.length} cases)`, async (t) => {
    for (const c of cases) {
      await t.test(c.name, () => {
        const got = run(c);
        assert.equal(got.decision, c.expect);
        if (c.by !== undefined) assert.equal(got.by, c.by);
      });
    }
  });
}
