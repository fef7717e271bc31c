/**
 * Helpers shared by the benchmark scripts (run.mjs, nodes.mjs): child processes stopped on exit,
 * readiness polling, credentials, CPU time from /proc, merging interleaved slices, number formats.
 */
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = [];
/** Starts a child in its own process group (stopped with the run). */
export function start(cmd, argv, env, logFile) {
  const fd = openSync(logFile, 'a');
  const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], detached: true });
  children.push(p);
  return p;
}
/** Stops every child started by `start`. */
export function stopAll() {
  for (const p of children) if (p.exitCode === null) try { process.kill(-p.pid, 'SIGTERM'); } catch { /* gone */ }
}
process.on('exit', stopAll);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { stopAll(); process.exit(130); });

/** Polls `probe` until it returns true (fails after `ms`). */
export async function waitFor(what, probe, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    try { if (await probe()) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(`${what} did not become ready in ${ms / 1000}s`);
    await sleep(100);
  }
}

/** A port in [base, base+1000) (collisions are unlikely and fail loudly). */
export function freePort(base) { return base + Math.floor(Math.random() * 1000); }

/** The admin credentials Trent writes into its data directory. */
export function readCredentials(file) {
  const text = readFileSync(file, 'utf8');
  const get = (k) => new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(text)?.[1];
  return { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') };
}

/** CPU time (user + system, ms) of a process and all its descendants (cluster workers), from /proc. */
export function treeCpuMs(pid) {
  let ms = 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ms += (Number(f[11]) + Number(f[12])) * 10; // USER_HZ = 100
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) ms += treeCpuMs(Number(c));
    }
  } catch { /* gone, or no /proc */ }
  return ms;
}

/** Merges the slices of one target: rate over all slices, p50 weighted by requests, p99 the worst slice's. */
export function combine(parts) {
  const requests = parts.reduce((n, p) => n + p.requests, 0);
  const secs = parts.reduce((n, p) => n + (p.rps ? p.requests / p.rps : 0), 0);
  return {
    rps: secs ? requests / secs : 0, requests, errors: parts.reduce((n, p) => n + p.errors, 0),
    cpuUs: requests ? (parts.reduce((n, p) => n + p.cpuMs, 0) * 1000) / requests : NaN,
    p50: requests ? parts.reduce((n, p) => n + p.p50 * p.requests, 0) / requests : NaN, p99: Math.max(...parts.map((p) => p.p99)),
  };
}

/** nproc, CPU model, Node version and date for a results file. */
export function machine() {
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  return { nproc, cpu: cpus()[0]?.model ?? '?', node: process.version, date: new Date().toISOString() };
}

/** A number with `d` decimals, or — . */
export const fmt = (n, d = 0) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(d));
/** a/b as `0.27×`, or — . */
export const ratio = (a, b) => (a && b ? `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×` : '—');


const SECTION = { begin: '<!-- nodes:begin -->', end: '<!-- nodes:end -->' };

/** Splits bench/RESULTS.md text into run.mjs's part and the nodes section (nodes.mjs's, markers included). */
export function splitResults(text) {
  const i = text.indexOf(SECTION.begin);
  const j = text.indexOf(SECTION.end);
  if (i < 0 || j < 0) return { main: text, nodes: '' };
  return { main: (text.slice(0, i) + text.slice(j + SECTION.end.length)).trimEnd() + '\n', nodes: text.slice(i, j + SECTION.end.length) + '\n' };
}

/** Wraps the nodes section in its markers. */
export const nodesSection = (md) => `${SECTION.begin}\n${md}${SECTION.end}\n`;
