/** logRequest writes by hand what pino would: compare both, byte for byte but the time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const script = `
  const { createLogger, logRequest } = await import(${JSON.stringify(here + 'log.js')});
  const log = createLogger(process.env.LEVEL);
  const cases = [['6f1c7c1e-3a77-4c39-9a0f-5b8f1c3e9d11', 'Encrypt', 200, undefined, 0.123456],
    ['r2', 'We"ird\\\\op\\n\\u2028\\ud800 é', 400, 'ValidationException', 12], ['r3', '-', 500, 'KMSInternalException', NaN]];
  for (const c of cases) { log.info({ requestId: c[0], operation: c[1], status: c[2], error: c[3], ms: c[4] }, 'request'); logRequest(log, ...c); }
  log.flush();
`;

function lines(level: string): string[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, LEVEL: level }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/"time":\d+/, '"time":0'));
}

test('logRequest lines equal pino lines', () => {
  const out = lines('info');
  assert.equal(out.length, 6);
  for (let i = 0; i < out.length; i += 2) assert.equal(out[i + 1], out[i]);
});

test('logRequest respects the level', () => {
  assert.deepEqual(lines('warn'), []);
});

test('a request line reaches the output within about a second, without waiting for a full chunk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-log-'));
  const out = join(dir, 'out.log');
  const fd = openSync(out, 'w');
  const waiter = `
    const { createLogger, logRequest } = await import(${JSON.stringify(here + 'log.js')});
    const { readFileSync } = await import('node:fs');
    logRequest(createLogger('info'), 'r1', 'Encrypt', 200, undefined, 1);
    setTimeout(() => { process.stderr.write(String(readFileSync(${JSON.stringify(out)}, 'utf8').length)); process.exit(0); }, 1500);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', waiter], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0);
  assert.ok(Number(r.stderr) > 0, 'the line was written before the process exited');
});
