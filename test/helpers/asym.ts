/** Small assertions shared by the asymmetric whole-system tests. */
import assert from 'node:assert/strict';

/** Asserts that `p` rejects with the AWS exception `name` (and, optionally, a message matching `message`). */
export async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}
