/** The V8 flags cluster workers are started with. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerExecArgv } from './serve.js';

test('workers get a 64 MiB semi-space unless the operator chose one', () => {
  assert.deepEqual(workerExecArgv([]), ['--max-semi-space-size=64']);
  assert.deepEqual(workerExecArgv(['--enable-source-maps']), ['--enable-source-maps', '--max-semi-space-size=64']);
  assert.deepEqual(workerExecArgv(['--max-semi-space-size=8']), ['--max-semi-space-size=8']);
  assert.deepEqual(workerExecArgv(['--max_semi_space_size=8']), ['--max_semi_space_size=8']);
  assert.deepEqual(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=4'), []);
  assert.deepEqual(workerExecArgv([], '--max-old-space-size=512'), ['--max-semi-space-size=64']);
});
