#!/usr/bin/env node
// Runs every compiled test file (unit tests next to the code, whole-system tests in test/) with node:test.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['packages/gcm/dist', 'packages/server/dist', 'packages/sdk/dist', 'packages/cli/dist', 'test/dist'];
const only = process.argv.slice(2);

/** Collects `*.test.js` files below a folder. */
function collect(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

let files = roots.flatMap((r) => collect(r, [])).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) { console.error('no test files found'); process.exit(1); }
const concurrency = process.env.TRENT_TEST_CONCURRENCY ?? '2';
// Every data directory, export and key file the tests make goes under one folder, removed afterwards
// (TRENT_KEEP_TEST_FILES=1 keeps it to look at).
const scratch = mkdtempSync(join(tmpdir(), 'trent-tests-'));
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit', env: { ...process.env, TMPDIR: scratch } });
if (process.env.TRENT_KEEP_TEST_FILES) console.error(`test files kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
process.exit(r.status ?? 1);
