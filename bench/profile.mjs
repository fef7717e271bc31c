/**
 * Profiles one Trent process (TRENT_WORKERS=1) under one scenario: prints CPU time per request
 * (robust even when the machine is shared) and the top functions by self time from `--cpu-prof`.
 * With --workers N (default 1) it profiles the cluster: CPU per request of every process and thread.
 * Usage: node bench/profile.mjs [--scenario "Encrypt 4 KiB c=64"] [--duration 5] [--workers N] [--node-flags "--flag …"] [--no-prof] [--keep DIR]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, openSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarios } from './scenarios.mjs';
import { callKms, signKms } from './sign.mjs';
import { runWrk } from './wrk.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const name = opt('--scenario', 'Encrypt 4 KiB c=64');
const seconds = Number(opt('--duration', 5));
const prof = !args.includes('--no-prof');
const workers = opt('--workers', '1');
const nodeFlags = opt('--node-flags', '').split(' ').filter(Boolean); // e.g. V8 flags to try; cluster workers inherit them
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** [utime, stime] of a process, in ms. */
function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return [Number(f[11]) * 10, Number(f[12]) * 10]; // USER_HZ = 100
}

/** A process and its descendants. */
function tree(pid) {
  const out = [String(pid)];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try { for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) out.push(...tree(c)); } catch { /* gone */ }
  }
  return out;
}

/** CPU ms (user + system) of each thread of a process tree, keyed `pid/tid`. */
function threadMs(pid) {
  const out = new Map();
  for (const proc of tree(pid)) {
    for (const tid of readdirSync(`/proc/${proc}/task`)) {
      try { const [u, s] = cpuMs(`${proc}/task/${tid}`); out.set(`${proc}/${tid}`, u + s); } catch { /* thread ended */ }
    }
  }
  return out;
}

/** [utime, stime] of a whole process tree, in ms. */
function treeMs(pid) {
  return tree(pid).map((p) => cpuMs(p)).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
}

const dir = mkdtempSync(join(tmpdir(), 'trent-prof-'));
const port = 46000 + Math.floor(Math.random() * 1000);
const data = join(dir, 'data');
const fd = openSync(join(dir, 'trent.log'), 'a');
const p = spawn(process.execPath, [...nodeFlags, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${dir}/prof`] : []), join(ROOT, 'packages/cli/dist/main.js'), 'serve'],
  { env: { ...process.env, TRENT_DATA_DIR: data, TRENT_PORT: String(port), TRENT_WORKERS: workers }, stdio: ['ignore', fd, fd] });
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break; } catch { /* not yet */ }
    if (i > 300) throw new Error('Trent did not start');
    await sleep(100);
  }
  const text = readFileSync(join(data, 'credentials'), 'utf8');
  const get = (k) => new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(text)[1];
  const target = { host: '127.0.0.1', port, region: 'us-east-1', credentials: { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') } };
  const { KeyMetadata } = await callKms(target, 'CreateKey', {});
  const { CiphertextBlob } = await callKms(target, 'Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: Buffer.alloc(4096, 0x61).toString('base64') });
  const s = scenarios.find((x) => x.name === name);
  const input = s.body({ keyId: KeyMetadata.KeyId, ciphertext4k: CiphertextBlob });
  await callKms(target, s.op, input);
  const raws = [(await signKms(target, s.op, input)).raw];
  await runWrk({ port, raws, concurrency: s.concurrency, seconds: 2 }); // warm-up
  const t0 = threadMs(p.pid);
  const c0 = treeMs(p.pid);
  const r = await runWrk({ port, raws, concurrency: s.concurrency, seconds });
  const c1 = treeMs(p.pid);
  const t1 = threadMs(p.pid);
  const per = (i) => ((c1[i] - c0[i]) * 1000) / r.requests;
  console.log(`${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}; ` +
    `CPU ${(per(0) + per(1)).toFixed(1)} µs/request (user ${per(0).toFixed(1)}, system ${per(1).toFixed(1)}; ${workers} worker(s))`);
  // Where the CPU goes: the event loop, the audit thread (SQLite inserts), V8's GC helpers, libuv's pool.
  const threads = [...t1].map(([tid, ms]) => [tid, ((ms - (t0.get(tid) ?? 0)) * 1000) / r.requests]).filter(([, us]) => us >= 1).sort((a, b) => b[1] - a[1]);
  console.log(`by thread (µs/request): ${threads.map(([tid, us]) => `${tid.split('/')[0] === tid.split('/')[1] ? `main ${tid.split('/')[0]}` : tid} ${us.toFixed(1)}`).join(', ')}`);
  const hwm = tree(p.pid).map((q) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${q}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  console.log(`peak RSS (MiB): ${hwm.map((x) => x.toFixed(0)).join(', ')}`);
  const m = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = (k) => Number(new RegExp(`^${k} (\\S+)`, 'm').exec(m)?.[1]);
  const commits = metric('trent_audit_commit_batch_size_count');
  if (commits) console.log(`audit: ${commits} group commits, ${(metric('trent_audit_commit_batch_size_sum') / commits).toFixed(1)} events per commit`);
} finally {
  p.kill('SIGTERM');
  await new Promise((r) => p.once('exit', r));
}
if (prof) {
  // One profile per process; a worker's (the largest) when there are several.
  const file = readdirSync(join(dir, 'prof')).map((f) => [f, statSync(join(dir, 'prof', f)).size]).sort((a, b) => b[1] - a[1])[0][0];
  const profile = JSON.parse(readFileSync(join(dir, 'prof', file), 'utf8'));
  if (opt('--keep')) cpSync(join(dir, 'prof', file), opt('--keep'));
  const dt = profile.timeDeltas;
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const cf = n.callFrame;
    const k = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${cf.lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle) :0') ?? 0;
  console.log(`busy ${(((total - idle) / total) * 100).toFixed(1)}% of profile; top self time (% of busy):`);
  for (const [k, v] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, Number(opt('--top', 30)))) {
    console.log(`${((v / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}
rmSync(dir, { recursive: true, force: true });
